// Schemas shared by the CRDs: an LLM endpoint in kgateway's LLMProvider shape
// (provider, overrides), its authToken, and a host/port. Provider settings are
// generated from the provider registry, so the CRD cannot drift from what the
// validator accepts (crds.test.ts checks every field has a description).
import type { ProviderKind } from "../ir/plugin-config.ts";
import { PROVIDERS } from "../providers/registry.ts";
import { integer, object, string, type Schema } from "./schema.ts";

const PROVIDER_DESCRIPTIONS: Record<ProviderKind, string> = {
  openai: "OpenAI (api.openai.com, or an OpenAI-compatible server with hostOverride). Key sent as Authorization: Bearer.",
  azureopenai: "Azure OpenAI. Key sent in the api-key header.",
  anthropic: "Anthropic (api.anthropic.com). Key sent in the x-api-key header, with anthropic-version.",
  gemini: "Google Gemini API (generativelanguage.googleapis.com). Key sent in the x-goog-api-key header.",
  vertexai: "Google Vertex AI. Token sent as Authorization: Bearer.",
};

/** `<provider>.<field>` → description; every registry field must have one. */
export const SETTING_DESCRIPTIONS: Record<string, string> = {
  "openai.model": "Model to use, replacing the request's model, e.g. gpt-4o-mini. Unset: the request's model.",
  "azureopenai.endpoint": "The resource's host, e.g. my-resource.openai.azure.com (no scheme, no path).",
  "azureopenai.deploymentName": "The model deployment to use.",
  "azureopenai.apiVersion": "Azure OpenAI API version, e.g. 2024-10-21 (sent as the api-version query parameter).",
  "anthropic.apiVersion": "anthropic-version header sent when the client sends none. Default 2023-06-01.",
  "anthropic.model": "Model to use, replacing the request's model. Unset: the request's model.",
  "gemini.model": "Gemini model, e.g. gemini-2.0-flash (part of the request path).",
  "gemini.apiVersion": "Gemini API version in the path. Default v1beta.",
  "vertexai.model": "Model, e.g. gemini-1.5-pro (part of the request path).",
  "vertexai.apiVersion": "Vertex AI API version in the path. Default v1.",
  "vertexai.projectId": "Google Cloud project ID.",
  "vertexai.location": "Google Cloud location, e.g. us-central1, or global.",
  "vertexai.publisher": "Model publisher, e.g. google (GOOGLE is accepted). Default google.",
  "vertexai.modelPath":
    "The method after models/<model>:, e.g. rawPredict for a partner model. Default generateContent, or " +
    "streamGenerateContent with alt=sse when the route's AI policy sets routeType CHAT_STREAMING.",
};

export function authTokenSchema(): Schema {
  return object(
    "Where the key Weir presents to the provider comes from. Client credentials are never forwarded, except with Passthrough.",
    {
      kind: string("Inline: the key is in `inline`. SecretRef: the key is in a Secret. Passthrough: the client's own key is presented.", {
        enum: ["Inline", "SecretRef", "Passthrough"],
      }),
      inline: string("The key itself (kind Inline). For trials only: prefer a Secret."),
      secretRef: object(
        "A Secret in this object's namespace whose key Authorization holds the API key (a leading \"Bearer \" is stripped).",
        { name: string("Name of the Secret.", { minLength: 1 }) },
        { required: ["name"] },
      ),
    },
    {
      required: ["kind"],
      rules: [
        {
          rule: "self.kind == 'Inline' ? has(self.inline) && !has(self.secretRef) : self.kind == 'SecretRef' ? has(self.secretRef) && !has(self.inline) : !has(self.inline) && !has(self.secretRef)",
          message: "Inline needs inline, SecretRef needs secretRef, Passthrough takes neither",
        },
      ],
    },
  );
}

export function hostSchema(description: string, portRequired: boolean): Schema {
  return object(
    description,
    {
      host: string("Host name or IP address, without scheme or port.", { minLength: 1 }),
      port: integer(portRequired ? "Port." : "Port. Default 443. TLS (with certificate validation) on 443, plain HTTP on any other port.", 1, 65535),
    },
    { required: portRequired ? ["host", "port"] : ["host"] },
  );
}

function providerSchema(): Schema {
  const properties = Object.fromEntries(
    Object.values(PROVIDERS).map((provider) => {
      const fields = Object.entries(provider.fields);
      const settings = Object.fromEntries(fields.map(([name]) => [name, string(SETTING_DESCRIPTIONS[`${provider.kind}.${name}`], { minLength: 1 })]));
      const required = ["authToken", ...fields.filter(([, rule]) => rule.required).map(([name]) => name)];
      return [provider.kind, object(PROVIDER_DESCRIPTIONS[provider.kind], { authToken: authTokenSchema(), ...settings }, { required })];
    }),
  );
  return object("The LLM provider: exactly one of the properties.", properties, { minProperties: 1, maxProperties: 1 });
}

/** kgateway's LLMProvider: one provider endpoint with its overrides. */
export function llmSchema(description: string): Schema {
  return object(
    description,
    {
      provider: providerSchema(),
      hostOverride: hostSchema("Send requests to this host and port instead of the provider's (a proxy, or a compatible server).", false),
      pathOverride: object(
        "Replace the provider's request path.",
        { fullPath: string("The whole upstream path, query included, e.g. /v1/chat/completions.", { pattern: "^/" }) },
        { required: ["fullPath"] },
      ),
      authHeaderOverride: object("Present the key in another header or with another prefix than the provider's.", {
        headerName: string("Header carrying the key, e.g. api-key."),
        prefix: string('Text before the key, e.g. "Bearer ". May be empty.'),
      }),
    },
    { required: ["provider"] },
  );
}

const KINDS = Object.keys(PROVIDERS);

/** Multipool: tiers of LLM endpoints of one provider type. */
export function multipoolSchema(): Schema {
  const sameProvider = KINDS.map((k) => `has(e.provider.${k}) == has(self.priorities[0].pool[0].provider.${k})`).join(" && ");
  return object(
    "Several endpoints of one provider type in priority tiers: priority 0 serves, the next tier takes over when it fails. " +
      "All endpoints must share the upstream path, key and model for now (per-endpoint policies are a later feature).",
    {
      priorities: {
        type: "array",
        description: "The tiers, highest priority first.",
        minItems: 1,
        maxItems: 20,
        items: object(
          "One tier.",
          { pool: { type: "array", description: "Endpoints of the tier, sharing its traffic.", minItems: 1, maxItems: 20, items: llmSchema("One endpoint.") } },
          { required: ["pool"] },
        ),
      },
    },
    { required: ["priorities"], rules: [{ rule: `self.priorities.all(t, t.pool.all(e, ${sameProvider}))`, message: "every endpoint of a multipool uses the same provider type" }] },
  );
}
