// A CustomResourceDefinition around a spec schema: namespaced, one served
// version, the status subresource (conditions, written by `weir run`).
import { list, object, string, type Schema } from "./schema.ts";

export const GROUP = "weir.dev";
export const VERSION = "v1alpha1";

export interface CrdNames {
  kind: string;
  plural: string;
  singular: string;
  shortNames: string[];
}

export function crd(names: CrdNames, description: string, spec: Schema, printerColumns: object[] = []): object {
  return {
    apiVersion: "apiextensions.k8s.io/v1",
    kind: "CustomResourceDefinition",
    metadata: { name: `${names.plural}.${GROUP}`, labels: { "app.kubernetes.io/name": "weir" } },
    spec: {
      group: GROUP,
      scope: "Namespaced",
      names: { kind: names.kind, listKind: `${names.kind}List`, plural: names.plural, singular: names.singular, shortNames: names.shortNames },
      versions: [
        {
          name: VERSION,
          served: true,
          storage: true,
          subresources: { status: {} },
          additionalPrinterColumns: [...printerColumns, ...CONDITION_COLUMNS, { name: "Age", type: "date", jsonPath: ".metadata.creationTimestamp" }],
          schema: {
            openAPIV3Schema: object(description, {
              apiVersion: string("APIVersion of this object: weir.dev/v1alpha1."),
              kind: string(`Kind of this object: ${names.kind}.`),
              metadata: { type: "object" },
              spec,
              status: statusSchema(),
            }, { required: ["spec"] }),
          },
        },
      ],
    },
  };
}

const condition = (type: string, field: string) => `.status.conditions[?(@.type=="${type}")].${field}`;

/** What `kubectl get` shows of the conditions `weir run` writes (ResolvedRefs with -o wide). */
const CONDITION_COLUMNS = [
  { name: "Accepted", type: "string", jsonPath: condition("Accepted", "status"), description: "Whether Envoy serves this generation (the Accepted condition)." },
  { name: "Reason", type: "string", jsonPath: condition("Accepted", "reason"), description: "The reason of the Accepted condition, e.g. Invalid or UnresolvedRefs." },
  {
    name: "ResolvedRefs",
    type: "string",
    jsonPath: condition("ResolvedRefs", "status"),
    description: "Whether every reference (a Secret, a targeted HTTPRoute) resolves (the ResolvedRefs condition).",
    priority: 1,
  },
];

function statusSchema(): Schema {
  const condition = object(
    "One aspect of the object's state, as observed by the controller.",
    {
      type: string("Condition type, e.g. Accepted.", { maxLength: 316 }),
      status: string("True, False or Unknown.", { enum: ["True", "False", "Unknown"] }),
      reason: string("Machine-readable reason, in CamelCase.", { maxLength: 1024 }),
      message: string("Human-readable detail.", { maxLength: 32768 }),
      observedGeneration: { type: "integer", format: "int64", minimum: 0, description: "The generation the condition was set for." },
      lastTransitionTime: string("When the status last changed.", { format: "date-time" }),
    },
    { required: ["type", "status", "lastTransitionTime", "reason", "message"] },
  );
  return object("Observed state, written by the controller (weir run).", {
    conditions: list("Conditions, one per type.", condition, undefined, 8, { "x-kubernetes-list-type": "map", "x-kubernetes-list-map-keys": ["type"] }),
  });
}

