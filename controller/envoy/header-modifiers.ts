// Gateway API header modifiers as Envoy route header mutations. Values are
// Envoy format strings, so a literal "%" is written "%%".
import type { HeaderModifier } from "../ir/types.ts";
import { escapeFormat } from "./upstream-url.ts";

export function renderHeaderModifiers(direction: "request" | "response", modifier: HeaderModifier | undefined): object {
  if (!modifier) return {};
  const add = [
    ...modifier.set.map((h) => ({ header: { key: h.name, value: escapeFormat(h.value) }, append_action: "OVERWRITE_IF_EXISTS_OR_ADD" })),
    ...modifier.add.map((h) => ({ header: { key: h.name, value: escapeFormat(h.value) }, append_action: "APPEND_IF_EXISTS_OR_ADD" })),
  ];
  return {
    ...(add.length > 0 ? { [`${direction}_headers_to_add`]: add } : {}),
    ...(modifier.remove.length > 0 ? { [`${direction}_headers_to_remove`]: modifier.remove } : {}),
  };
}
