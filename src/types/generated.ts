// Generated from schemas/*.schema.json by `npm run gen:types`. Do not edit by hand.
/* eslint-disable */

export type Sha256 = string;

/**
 * What a stage run produced and from what: hashes of its config, code and upstream manifests, and sha256 + size of every output file.
 */
export interface Manifest {
  schema: 'manifest/v1';
  stage: string;
  /**
   * Config file path relative to the project root.
   */
  configFile: string;
  /**
   * sha256 of the canonical JSON of the parsed config.
   */
  configHash: string;
  /**
   * sha256 over the source files the stage runs (src/, stages/, schemas/, lockfile).
   */
  codeHash: string;
  /**
   * The manifests of the stages this one read, by stage name and the sha256 of their manifest.json.
   */
  upstream: {
    stage: string;
    manifestSha256: Sha256;
  }[];
  outputs: {
    /**
     * Path relative to the stage's artifact directory.
     */
    file: string;
    sha256: Sha256;
    bytes: number;
    /**
     * The schema a JSON output was validated against.
     */
    schemaId?: string;
  }[];
  /**
   * TF.js backend used, or null for stages that compute no tensors.
   */
  backend: string | null;
  backendReason?: string;
  seed: number | null;
  startedAt: string;
  finishedAt: string;
  nodeVersion?: string;
}
