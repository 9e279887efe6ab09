// load → validate → IR → filter check → Envoy, composed. Pure but for the
// filter check, which runs the filter's own parser: the module at
// options.wasmPath (what Envoy will load), unless a parser is passed in.
import type { Diagnostic } from "../diagnostics.ts";
import { sortDiagnostics } from "../diagnostics.ts";
import { renderBootstrap } from "../envoy/bootstrap.ts";
import type { EnvoyOptions } from "../envoy/options.ts";
import { pluginConfig } from "../envoy/wasm-filter.ts";
import { toYaml } from "../envoy/yaml.ts";
import { checkPluginConfig, checkPolicies } from "../filter-check/check-plugin-config.ts";
import { FilterModuleError, loadFilterValidator, type PluginConfigValidator } from "../filter-check/wasm-validator.ts";
import { buildIR, type IROptions } from "../ir/build-ir.ts";
import type { IR } from "../ir/types.ts";
import { parseManifests } from "../load/parse-manifests.ts";
import type { SourceFile } from "../load/types.ts";
import { validate } from "../validate/validate.ts";

export type RenderOptions = EnvoyOptions & IROptions;

export type RenderResult =
  | { ok: true; ir: IR; envoyYaml: string; warnings: Diagnostic[] }
  | { ok: false; errors: Diagnostic[]; warnings: Diagnostic[] };

/**
 * `filter` is the filter's own plugin-config parser, so that a config that
 * renders is a config the filter loads. Throws FilterModuleError when the
 * module cannot be loaded.
 */
export function render(sources: SourceFile[], options: RenderOptions, filter?: PluginConfigValidator): RenderResult {
  const loaded = parseManifests(sources);
  // Validation runs even when some documents failed to parse, so one run
  // reports every problem.
  const validated = validate(loaded.objects);
  if (!validated.ok || loaded.errors.length > 0) {
    // The valid AI policies' own parts are still put to the filter's parser,
    // so their refusals come in the same run as the other errors.
    // (Without a loadable module the other errors are reported alone.)
    const { policies, secrets } = validated.ok ? validated.resources : validated.partial;
    const parser = policies.length > 0 ? (filter ?? loadableValidator(options.wasmPath)) : undefined;
    const refused = parser ? checkPolicies(policies, secrets, parser) : [];
    const errors = [...loaded.errors, ...(validated.ok ? [] : validated.errors), ...refused];
    return { ok: false, errors: sortDiagnostics(errors), warnings: validated.warnings };
  }
  const ir = buildIR(validated.resources, options);
  const refused = checkPluginConfig(ir, pluginConfig(ir), filter ?? validatorFor(options.wasmPath));
  if (refused.length > 0) return { ok: false, errors: sortDiagnostics(refused), warnings: validated.warnings };
  return { ok: true, ir, envoyYaml: toYaml(renderBootstrap(ir, options)), warnings: validated.warnings };
}

// One instance per module path for the process (`weir run` renders often).
const validators = new Map<string, PluginConfigValidator>();

function validatorFor(wasmPath: string): PluginConfigValidator {
  let validator = validators.get(wasmPath);
  if (!validator) {
    validator = loadFilterValidator(wasmPath);
    validators.set(wasmPath, validator);
  }
  return validator;
}

function loadableValidator(wasmPath: string): PluginConfigValidator | undefined {
  try {
    return validatorFor(wasmPath);
  } catch (e) {
    if (e instanceof FilterModuleError) return undefined;
    throw e;
  }
}
