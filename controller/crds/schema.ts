// Small builders for the CRDs' OpenAPI v3 schemas. Every field gets a
// description, so `kubectl explain` documents it; CEL rules go under
// x-kubernetes-validations, as the API server reads them.

export type Schema = Record<string, unknown>;

export interface Rule {
  rule: string;
  message: string;
}

export function string(description: string, extra: Schema = {}): Schema {
  return { type: "string", description, ...extra };
}

export function integer(description: string, minimum: number, maximum: number, extra: Schema = {}): Schema {
  return { type: "integer", format: "int32", minimum, maximum, description, ...extra };
}

export function boolean(description: string, extra: Schema = {}): Schema {
  return { type: "boolean", description, ...extra };
}

export function object(
  description: string,
  properties: Record<string, Schema>,
  options: { required?: string[]; rules?: Rule[]; minProperties?: number; maxProperties?: number } = {},
): Schema {
  return {
    type: "object",
    description,
    properties,
    ...(options.required?.length ? { required: options.required } : {}),
    ...(options.minProperties !== undefined ? { minProperties: options.minProperties } : {}),
    ...(options.maxProperties !== undefined ? { maxProperties: options.maxProperties } : {}),
    ...(options.rules?.length ? { "x-kubernetes-validations": options.rules } : {}),
  };
}

export function list(description: string, items: Schema, minItems?: number, maxItems?: number, extra: Schema = {}): Schema {
  return {
    type: "array",
    description,
    items,
    ...(minItems !== undefined ? { minItems } : {}),
    ...(maxItems !== undefined ? { maxItems } : {}),
    ...extra,
  };
}

/** Any JSON value (kept as written). */
export function anyValue(description: string): Schema {
  return { description, "x-kubernetes-preserve-unknown-fields": true };
}
