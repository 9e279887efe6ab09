// HTTPRoute filters Weir renders: RequestHeaderModifier, ResponseHeaderModifier
// and URLRewrite on rules; RequestHeaderModifier on backendRefs. Any other
// filter is an error, never ignored: ignoring a redirect or a mirror would
// send traffic where the user did not mean it to go.
import { hostname as hostnameProblem } from "../providers/field-checks.ts";
import { child, readEnum, readList, readMapping, readRecord, readString, rejectUnknownFields, type Report } from "./fields.ts";
import { HEADER_NAME } from "./llm-endpoint.ts";
import type { HeaderModifier, RouteFilters, URLRewrite } from "./resources.ts";

const RULE_FILTERS = ["RequestHeaderModifier", "ResponseHeaderModifier", "URLRewrite"] as const;
const BACKEND_FILTERS = ["RequestHeaderModifier"] as const;
// Gateway API path values; "\" is refused too because Envoy's regex_rewrite
// substitution would read it as a capture reference.
const REWRITE_PATH = /^\/[^?#\s\\\u0000-\u001f\u007f]*$/;

type FilterType = (typeof RULE_FILTERS)[number];

export function readFilters(value: unknown, field: string, report: Report, level: "rule" | "backend"): RouteFilters {
  const allowed: readonly string[] = level === "rule" ? RULE_FILTERS : BACKEND_FILTERS;
  const filters: RouteFilters = {};
  const seen = new Set<string>();
  readList(value, field, report).forEach((item, i) => {
    const at = child(field, i);
    const filter = readRecord(item, at, report, true);
    if (!filter) return;
    const type = readString(filter.type, child(at, "type"), report, true);
    if (type === undefined) return;
    if (!allowed.includes(type)) {
      report(child(at, "type"), `${type} is not supported${level === "backend" ? " on a backendRef" : ""} (supported: ${allowed.join(", ")})`);
      return;
    }
    if (seen.has(type)) report(child(at, "type"), `${type} may appear only once`);
    seen.add(type);
    const key = configKey(type as FilterType);
    rejectUnknownFields(filter, ["type", key], at, report);
    if (type === "URLRewrite") filters.urlRewrite = readURLRewrite(filter[key], child(at, key), report);
    else if (type === "RequestHeaderModifier") filters.requestHeaders = readHeaderModifier(filter[key], child(at, key), report);
    else filters.responseHeaders = readHeaderModifier(filter[key], child(at, key), report);
  });
  return filters;
}

/** The Gateway API names each filter's settings after its type: requestHeaderModifier, urlRewrite, … */
function configKey(type: FilterType): string {
  return type === "URLRewrite" ? "urlRewrite" : type[0].toLowerCase() + type.slice(1);
}

function readHeaderModifier(value: unknown, field: string, report: Report): HeaderModifier {
  const modifier = readMapping(value, ["set", "add", "remove"], field, report) ?? {};
  const headers = (key: "set" | "add") =>
    readList(modifier[key], child(field, key), report).flatMap((item, i) => {
      const at = child(child(field, key), i);
      const header = readMapping(item, ["name", "value"], at, report);
      if (!header) return [];
      const name = headerName(header.name, child(at, "name"), report);
      const text = readString(header.value, child(at, "value"), report, false) ?? "";
      if (/[\u0000-\u001f\u007f]/.test(text)) report(child(at, "value"), "must not contain control characters");
      return name === undefined ? [] : [{ name, value: text }];
    });
  const remove = readList(modifier.remove, child(field, "remove"), report).flatMap(
    (item, i) => headerName(item, child(child(field, "remove"), i), report) ?? [],
  );
  return { set: headers("set"), add: headers("add"), remove };
}

function headerName(value: unknown, field: string, report: Report): string | undefined {
  const name = readString(value, field, report, true);
  if (name === undefined) return undefined;
  if (!HEADER_NAME.test(name)) {
    report(field, "is not a valid HTTP header name");
    return undefined;
  }
  // Envoy refuses to change Host this way; URLRewrite's hostname does it.
  if (name.toLowerCase() === "host") {
    report(field, "must not be Host (use a URLRewrite filter's hostname)");
    return undefined;
  }
  return name.toLowerCase();
}

function readURLRewrite(value: unknown, field: string, report: Report): URLRewrite {
  const rewrite = readMapping(value, ["hostname", "path"], field, report) ?? {};
  const result: URLRewrite = {};
  const host = readString(rewrite.hostname, child(field, "hostname"), report, false);
  const problem = host === undefined ? undefined : hostnameProblem(host);
  if (problem) report(child(field, "hostname"), problem);
  else if (host !== undefined) result.hostname = host;
  const path = readRecord(rewrite.path, child(field, "path"), report, false);
  if (path) {
    const at = child(field, "path");
    const type = readEnum(path.type, ["ReplaceFullPath", "ReplacePrefixMatch"], child(at, "type"), report);
    const key = type === "ReplaceFullPath" ? "replaceFullPath" : "replacePrefixMatch";
    rejectUnknownFields(path, ["type", key], at, report);
    const replacement = type && readString(path[key], child(at, key), report, true);
    if (replacement !== undefined && !REWRITE_PATH.test(replacement)) {
      report(child(at, key), 'must start with "/" and hold no query, fragment, spaces, control characters or "\\"');
    } else if (type && replacement !== undefined) result.path = { type, value: replacement };
  }
  return result;
}
