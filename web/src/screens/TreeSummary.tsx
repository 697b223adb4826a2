interface SummaryNode {
  type: string;
  value?: string | null;
  destination?: string | null;
  destinations?: ReadonlyArray<SummaryNode> | null;
}

/**
 * A stored tree, read-only: "30 % to PD001", "15000 minor units to PD002", "the rest, split: …".
 * Flat amounts stay in minor units: a rule does not say which currency it will split.
 */
export function TreeSummary({ nodes }: { nodes: ReadonlyArray<SummaryNode> }) {
  return (
    <ul className="tree-summary">
      {nodes.map((n, i) => (
        <li key={i}>
          {n.type === 'PERCENTAGE'
            ? `${n.value} % to ${n.destination}`
            : n.type === 'FLAT_AMOUNT'
              ? `${n.value} minor units to ${n.destination}`
              : 'The rest, split:'}
          {n.destinations && n.destinations.length > 0 ? <TreeSummary nodes={n.destinations} /> : null}
        </li>
      ))}
    </ul>
  );
}
