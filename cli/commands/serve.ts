import { UnitgraphError } from '../../src/errors.js';
import type { Io } from '../io.js';

// Placeholder until the command is implemented; it fails cleanly with exit 2.
export const serveCommand = async (_io: Io, ..._args: unknown[]): Promise<number> => {
  throw new UnitgraphError('unsupported', 'serve is not implemented yet');
};
