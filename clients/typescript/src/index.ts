// The redress API client: openapi-fetch typed by the generated `schema.d.ts` (do not edit
// that file; scripts/clients.sh regenerates it from clients/openapi.json).
import createClient, { type Client } from "openapi-fetch";
import type { paths } from "./schema.js";

export type { paths, components } from "./schema.js";

/** A client acting with one API key (`rk_live_…`). */
export function redressClient(baseUrl: string, apiKey: string): Client<paths> {
  return createClient<paths>({
    baseUrl,
    headers: { Authorization: `Bearer ${apiKey}` },
  });
}
