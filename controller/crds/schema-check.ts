// A small checker for the OpenAPI v3 subset the CRDs use, so tests can check
// manifests against the CRDs as the API server would (strict field
// validation: unknown fields are errors). CEL rules are not evaluated.
import type { Schema } from "./schema.ts";

export function schemaProblems(value: unknown, schema: Schema, path = ""): string[] {
  if (schema["x-kubernetes-preserve-unknown-fields"] === true && schema.type === undefined) return [];
  const at = path || "<root>";
  switch (schema.type) {
    case "object": {
      if (typeof value !== "object" || value === null || Array.isArray(value)) return [`${at}: must be an object`];
      const record = value as Record<string, unknown>;
      const properties = (schema.properties ?? {}) as Record<string, Schema>;
      const problems: string[] = [];
      for (const key of (schema.required as string[] | undefined) ?? []) if (!(key in record)) problems.push(`${at}.${key}: required`);
      const count = Object.keys(record).length;
      if (typeof schema.minProperties === "number" && count < schema.minProperties) problems.push(`${at}: too few properties`);
      if (typeof schema.maxProperties === "number" && count > schema.maxProperties) problems.push(`${at}: too many properties`);
      for (const [key, item] of Object.entries(record)) {
        if (properties[key]) problems.push(...schemaProblems(item, properties[key], path ? `${path}.${key}` : key));
        else if (schema["x-kubernetes-preserve-unknown-fields"] !== true && Object.keys(properties).length > 0) problems.push(`${at}.${key}: unknown field`);
      }
      return problems;
    }
    case "array": {
      if (!Array.isArray(value)) return [`${at}: must be an array`];
      const problems: string[] = [];
      if (typeof schema.minItems === "number" && value.length < schema.minItems) problems.push(`${at}: too few items`);
      if (typeof schema.maxItems === "number" && value.length > schema.maxItems) problems.push(`${at}: too many items`);
      value.forEach((item, i) => problems.push(...schemaProblems(item, schema.items as Schema, `${path}[${i}]`)));
      return problems;
    }
    case "string": {
      if (typeof value !== "string") return [`${at}: must be a string`];
      const problems: string[] = [];
      if (Array.isArray(schema.enum) && !schema.enum.includes(value)) problems.push(`${at}: not one of ${schema.enum.join(", ")}`);
      if (typeof schema.minLength === "number" && value.length < schema.minLength) problems.push(`${at}: too short`);
      if (typeof schema.pattern === "string" && !new RegExp(schema.pattern).test(value)) problems.push(`${at}: does not match ${schema.pattern}`);
      return problems;
    }
    case "integer": {
      if (typeof value !== "number" || !Number.isInteger(value)) return [`${at}: must be an integer`];
      if (typeof schema.minimum === "number" && value < schema.minimum) return [`${at}: below ${schema.minimum}`];
      if (typeof schema.maximum === "number" && value > schema.maximum) return [`${at}: above ${schema.maximum}`];
      return [];
    }
    case "boolean":
      return typeof value === "boolean" ? [] : [`${at}: must be a boolean`];
    default:
      return [`${at}: schema without a type`];
  }
}

/** Structural-schema rules the API server enforces, plus Weir's own: every field described. */
export function structuralProblems(schema: Schema, path = "<root>"): string[] {
  const problems: string[] = [];
  if (schema.type === undefined && schema["x-kubernetes-preserve-unknown-fields"] !== true) problems.push(`${path}: no type`);
  if (typeof schema.description !== "string" && path !== "<root>.metadata") problems.push(`${path}: no description`);
  for (const [key, child] of Object.entries((schema.properties ?? {}) as Record<string, Schema>)) {
    problems.push(...structuralProblems(child, `${path}.${key}`));
  }
  if (schema.items) problems.push(...structuralProblems(schema.items as Schema, `${path}[]`));
  return problems;
}
