/**
 * Nix store hashes churn on every rebuild: a unit whose text changed gets a new
 * `/nix/store/<hash>-unit-<name>`, and so does everything naming it. To show only real changes
 * the diff compares values with the hash replaced by `…` (nix base-32: 0-9 and a-z without
 * e, o, t, u; 32 characters).
 */
const STORE_HASH = /(nix\/store\/)[0-9a-df-np-sv-z]{32}-/g;

export const normalizeStorePaths = (s: string): string => s.replace(STORE_HASH, '$1…-');

/** The normaliser a diff uses: identity with keepStoreHashes. */
export const storePathNormalizer = (keepStoreHashes: boolean): ((s: string) => string) => (keepStoreHashes ? (s) => s : normalizeStorePaths);
