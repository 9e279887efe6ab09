// load → validate → IR → Envoy, composed. Pure: texts in, bytes or errors out.
import type { Diagnostic } from "../diagnostics.ts";
import { sortDiagnostics } from "../diagnostics.ts";
import { renderBootstrap } from "../envoy/bootstrap.ts";
import type { EnvoyOptions } from "../envoy/options.ts";
import { toYaml } from "../envoy/yaml.ts";
import { buildIR, type IROptions } from "../ir/build-ir.ts";
import type { IR } from "../ir/types.ts";
import { parseManifests } from "../load/parse-manifests.ts";
import type { SourceFile } from "../load/types.ts";
import { validate } from "../validate/validate.ts";

export type RenderOptions = EnvoyOptions & IROptions;

export type RenderResult =
  | { ok: true; ir: IR; envoyYaml: string; warnings: Diagnostic[] }
  | { ok: false; errors: Diagnostic[]; warnings: Diagnostic[] };

export function render(sources: SourceFile[], options: RenderOptions): RenderResult {
  const loaded = parseManifests(sources);
  // Validation runs even when some documents failed to parse, so one run
  // reports every problem.
  const validated = validate(loaded.objects);
  if (!validated.ok || loaded.errors.length > 0) {
    const errors = [...loaded.errors, ...(validated.ok ? [] : validated.errors)];
    return { ok: false, errors: sortDiagnostics(errors), warnings: validated.warnings };
  }
  const ir = buildIR(validated.resources, options);
  return { ok: true, ir, envoyYaml: toYaml(renderBootstrap(ir, options)), warnings: validated.warnings };
}
