// A route's PathRewrite as Envoy's regex_rewrite, which only ever sees the
// path (the query is kept; see upstream-url.ts).
import type { PathRewrite } from "../ir/types.ts";

export function renderPathRewrite(rewrite: PathRewrite): object | undefined {
  if (rewrite.type === "ReplaceFullPath") return { pattern: { regex: "^.*$" }, substitution: rewrite.value };
  // Gateway API ReplacePrefixMatch works on whole segments and trailing "/"
  // do not count: with prefix /foo, "/foo/bar" → "<value>/bar" and "/foo" →
  // "<value>"; a value of "/" gives "/bar" and "/", never "//bar".
  const prefix = rewrite.prefix.replace(/\/+$/, "");
  const value = rewrite.value.replace(/\/+$/, "");
  if (prefix === "") return value === "" ? undefined : { pattern: { regex: "^(/.*)$" }, substitution: `${value}\\1` };
  if (value === "") return { pattern: { regex: `^${escapeRegex(prefix)}/*(.*)$` }, substitution: "/\\1" };
  return { pattern: { regex: `^${escapeRegex(prefix)}(/.*)?$` }, substitution: `${value}\\1` };
}

function escapeRegex(text: string): string {
  return text.replace(/[\\^$.|?*+()[\]{}]/g, "\\$&");
}
