// Typed errors. Every error names where it happened (file, JSON path, stage) and the values that
// mismatched, so a user can fix the input without reading nasflow's source.

export class NasflowError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** One schema violation: where in the document, what the schema wanted, what was there. */
export interface Problem {
  path: string;
  expected: string;
  found: string;
}

/** A config or artifact that does not match its JSON Schema; lists every problem, not just the first. */
export class ValidationError extends NasflowError {
  constructor(
    readonly file: string,
    readonly schemaId: string,
    readonly problems: Problem[],
  ) {
    const lines = problems.map((p) => `  ${file}#${p.path}: expected ${p.expected}, found ${p.found}`);
    super('E_SCHEMA', `${file} is not a valid ${schemaId} (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n${lines.join('\n')}`);
  }
}

/** Bad input data: a missing, truncated or malformed dataset file. */
export class DataError extends NasflowError {
  constructor(
    readonly file: string,
    readonly detail: string,
  ) {
    super('E_DATA', `${file}: ${detail}`);
  }
}

/** A configuration that is schema-valid but inconsistent (split sizes exceed the data, unknown names). */
export class ConfigError extends NasflowError {
  constructor(
    readonly file: string,
    readonly path: string,
    detail: string,
  ) {
    super('E_CONFIG', `${file}#${path}: ${detail}`);
  }
}

/** A lookup in a registry (blocks, spaces, sources, backends) that found nothing or a duplicate. */
export class RegistryError extends NasflowError {
  constructor(
    readonly registry: string,
    readonly key: string,
    detail: string,
  ) {
    super('E_REGISTRY', `${registry} registry: ${key}: ${detail}`);
  }
}

/** An artifact whose bytes no longer match the sha256 recorded in its stage's manifest. */
export class IntegrityError extends NasflowError {
  constructor(
    readonly file: string,
    readonly expected: string,
    readonly found: string,
  ) {
    super('E_INTEGRITY', `${file}: sha256 expected ${expected}, found ${found}`);
  }
}
