/**
 * A Dintero account id: docs/upstreams/dintero.md documents `aid` as `^[PT]{1}\d{8}$`, P for
 * production, T for test. The one definition: configuration, client grants and the client check it.
 */
export const DINTERO_ACCOUNT_ID = /^[PT]\d{8}$/;
