// AIPolicy: kgateway's TrafficPolicy spec.ai for HTTPRoutes that forward to LLMs.
import { crd } from "./crd.ts";
import { authTokenSchema, hostSchema } from "./llm-schema.ts";
import { anyValue, boolean, integer, list, object, string, type Schema } from "./schema.ts";

const GATEWAY_GROUP = "gateway.networking.k8s.io";

function regexSchema(description: string, rules: { rule: string; message: string }[] = []): Schema {
  return object(
    description,
    {
      matches: list(
        "Patterns to find, in RE2 syntax (lookaround and backreferences are refused).",
        object("One pattern.", {
          pattern: string("The RE2 pattern.", { minLength: 1 }),
          name: string("Name of the match: masks read <NAME> (default <CUSTOM>)."),
        }, { required: ["pattern"] }),
      ),
      builtins: list("Built-in detectors: SSN, CREDIT_CARD (Luhn-checked), PHONE_NUMBER, EMAIL.", string("A built-in detector.", { enum: ["SSN", "CREDIT_CARD", "PHONE_NUMBER", "EMAIL"] })),
      action: string("MASK replaces matches with their mask; REJECT refuses the request (requests only). Default MASK.", {
        enum: ["MASK", "REJECT"],
        default: "MASK",
      }),
    },
    { rules: [{ rule: "has(self.matches) || has(self.builtins)", message: "set matches or builtins" }, ...rules] },
  );
}

function webhookSchema(): Schema {
  return object(
    "A guardrail webhook (kgateway's Guardrail Webhook API), called with the messages: it passes, masks or rejects.",
    {
      endpoint: hostSchema("The webhook server. Plain HTTP unless the port is 443.", true),
      forwardHeaderMatches: list(
        "Client headers to forward to the webhook, by name (none by default). Write type RegularExpression, value \".*\".",
        object("A header to forward.", {
          type: string("Exact or RegularExpression. Default Exact.", { enum: ["Exact", "RegularExpression"], default: "Exact" }),
          name: string("Header name.", { minLength: 1 }),
          value: string("Header value to match."),
        }, { required: ["name", "value"] }),
      ),
    },
    { required: ["endpoint"] },
  );
}

function promptGuardSchema(): Schema {
  return object("Guards on prompts and answers: regex matches, webhooks, moderation.", {
    request: object("Guards on the client's request.", {
      regex: regexSchema("Patterns in the prompt: masked, or the request refused (action)."),
      webhook: webhookSchema(),
      moderation: object("An external moderation model: flagged prompts are refused.", {
        openAIModeration: object("OpenAI's moderation endpoint.", {
          authToken: authTokenSchema(),
          model: string("Moderation model, e.g. omni-moderation-latest."),
        }, { required: ["authToken"] }),
      }, { required: ["openAIModeration"] }),
      customResponse: object("The answer to a refused request.", {
        message: string('Body text. Default "The request was rejected due to inappropriate content".'),
        statusCode: integer("HTTP status. Default 403.", 200, 599),
      }),
    }),
    response: object("Guards on the provider's answer (streamed answers included).", {
      regex: regexSchema("Patterns in the answer, masked.", [
        { rule: "!has(self.action) || self.action == 'MASK'", message: "response guards mask: action must be MASK" },
      ]),
      webhook: webhookSchema(),
      streamHoldBackBytes: integer(
        "Weir extension (not in kgateway's TrafficPolicy). In a streamed answer, the most text the regex may hold back " +
          "while a match may be under way, in bytes. Past it, streamOverflow applies. Default 4096.",
        64,
        1 << 20,
      ),
      streamOverflow: string(
        "Weir extension (not in kgateway's TrafficPolicy). What happens past streamHoldBackBytes: mask (default) masks " +
          "the held text as a whole and goes on; error ends the stream with an error event. Held text is never sent unscanned.",
        { enum: ["mask", "error"], default: "mask" },
      ),
    }, {
      rules: [{
        rule: "has(self.regex) || (!has(self.streamHoldBackBytes) && !has(self.streamOverflow))",
        message: "streamHoldBackBytes and streamOverflow apply to the regex: set regex too",
      }],
    }),
  });
}

function aiSchema(): Schema {
  const message = object("A message.", { role: string("SYSTEM, USER or ASSISTANT (any case)."), content: string("The text.") }, { required: ["role", "content"] });
  return object("What Weir does with the LLM traffic of the targeted routes (kgateway's spec.ai).", {
    promptGuard: promptGuardSchema(),
    promptEnrichment: object("Messages added to every prompt.", {
      prepend: list("Added before the client's messages.", message),
      append: list("Added after the client's messages.", message),
    }),
    defaults: list(
      "Request body fields set when the client leaves them out (or always, with override).",
      object("One field.", {
        field: string("The body field, a dotted path, e.g. temperature.", { minLength: 1 }),
        value: anyValue("Its value. Text that is JSON (\"0.5\", \"[1,2]\") is that JSON value; other text is a string."),
        override: boolean("Replace the client's value too. Default false."),
      }, { required: ["field", "value"] }),
    ),
    routeType: string(
      "CHAT or CHAT_STREAMING. Gemini and Vertex AI stream on a path of their own (:streamGenerateContent, alt=sse): " +
        "CHAT_STREAMING sends requests there. Other providers read stream: true from the body. Default CHAT.",
      { enum: ["CHAT", "CHAT_STREAMING"], default: "CHAT" },
    ),
  });
}

export function aiPolicyCrd(): object {
  const spec = object(
    "Routes the policy applies to, and what it does.",
    {
      targetRefs: list(
        "HTTPRoutes in this namespace. The policy applies to every rule of each; a route takes one AI policy.",
        object("An HTTPRoute.", {
          group: string(`Must be ${GATEWAY_GROUP}.`),
          kind: string("Must be HTTPRoute."),
          name: string("Name of the HTTPRoute.", { minLength: 1 }),
        }, {
          required: ["group", "kind", "name"],
          rules: [{ rule: `self.group == '${GATEWAY_GROUP}' && self.kind == 'HTTPRoute'`, message: "must target a gateway.networking.k8s.io HTTPRoute" }],
        }),
        1,
        16,
      ),
      ai: aiSchema(),
    },
    { required: ["targetRefs", "ai"] },
  );
  return crd(
    { kind: "AIPolicy", plural: "aipolicies", singular: "aipolicy", shortNames: ["aip"] },
    "AIPolicy sets prompt guards, prompt enrichment, body defaults and the route type for HTTPRoutes that forward to LLM backends.",
    spec,
  );
}
