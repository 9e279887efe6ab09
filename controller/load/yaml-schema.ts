// The YAML dialect manifests are read in, as close to Kubernetes' own
// (sigs.k8s.io/yaml) as js-yaml allows: the core schema, so an unquoted
// 2024-10-21 stays a string (Azure's and Anthropic's apiVersion look exactly
// like dates) rather than becoming a Date, plus merge keys ("<<: *anchor"),
// which Kubernetes accepts.
import yaml from "js-yaml";

// js-yaml 4 exports its built-in types; @types/js-yaml 4.0.9 does not declare them.
const { merge } = (yaml as unknown as { types: { merge: yaml.Type } }).types;

export const MANIFEST_SCHEMA = yaml.CORE_SCHEMA.extend({ implicit: [merge] });
