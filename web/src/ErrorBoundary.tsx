import { Component, type ErrorInfo, type ReactNode } from 'react';

/**
 * The last line of defence of a screen: anything a screen throws while rendering (a value the app
 * did not expect, a bug) shows as a message in the screen's place, with the way back, instead of
 * React unmounting the whole app and leaving a blank page. The header and navigation stay. Keyed by
 * the route where it is used, so moving to another screen starts afresh.
 */
export class ErrorBoundary extends Component<{ children: ReactNode; home: string }, { error: Error | null }> {
  override state: { error: Error | null } = { error: null };

  static getDerivedStateFromError(error: unknown): { error: Error } {
    return { error: error instanceof Error ? error : new Error(String(error)) };
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    // Kept in the browser console for whoever reports it; nothing leaves the page.
    console.warn('A screen failed to render', error, info.componentStack);
  }

  override render(): ReactNode {
    if (!this.state.error) return this.props.children;
    return (
      <section className="error crash" role="alert" aria-labelledby="crash-title">
        <h1 id="crash-title">This screen could not be shown</h1>
        <p>
          <code className="code">CLIENT_ERROR</code> {this.state.error.message}
        </p>
        <p>
          Check the address, or go back to <a href={this.props.home}>the ledgers</a>. The rest of the app still works.
        </p>
      </section>
    );
  }
}
