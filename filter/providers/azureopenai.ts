import { Provider, openAIErrorBody } from "./provider";
import { JsonValue } from "../json/value";
import { BodyEditor } from "../json/editor";
import { EnrichmentMessage } from "../config/policy";
import { openAIEnrich } from "./enrichment";
import { TextField, openAIPromptTexts, openAIResponseTexts } from "./text-fields";

/** Azure OpenAI: `api-key: K`, OpenAI's bodies and error shape. */
export class AzureOpenAI extends Provider {
  constructor() { super("azureopenai", "api-key", ""); }

  errorBody(status: i32, kind: string, message: string): string {
    return openAIErrorBody(kind, message);
  }

  promptTexts(root: JsonValue, out: Array<TextField>): void {
    openAIPromptTexts(root, out);
  }

  responseTexts(root: JsonValue, out: Array<TextField>): void {
    openAIResponseTexts(root, out);
  }

  enrich(root: JsonValue, prepend: Array<EnrichmentMessage>, append: Array<EnrichmentMessage>, editor: BodyEditor): void {
    openAIEnrich(root, prepend, append, editor);
  }
}
