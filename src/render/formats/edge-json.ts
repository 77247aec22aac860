/** An edge in the contract's JSON form; `via` (the directive as written) only where asked. */
export interface EdgeLike {
  readonly from: string;
  readonly to: string;
  readonly kind: string;
  readonly origin: string;
  readonly file?: string;
  readonly line?: number;
  readonly via?: string;
}

export const toEdgeJson = (e: EdgeLike, opts: { via?: boolean } = {}) => ({
  from: e.from,
  to: e.to,
  kind: e.kind,
  origin: e.origin,
  ...(e.file === undefined ? {} : { file: e.file }),
  ...(e.line === undefined ? {} : { line: e.line }),
  ...(opts.via === true && e.via !== undefined ? { via: e.via } : {}),
});
