import type { Secret, SecretInput, SecretList } from '@outpost/protocol';
import { enc, type ApiClient } from './client.js';

const BASE = '/api/v1beta/secrets';

/** Every secret of the organization (pages of 100, Semaphore's most). */
export async function listSecrets(client: ApiClient, signal?: AbortSignal): Promise<Secret[]> {
  const all: Secret[] = [];
  let token = '';
  do {
    const page = await client.get<SecretList>(`${BASE}?page_size=100${token ? `&page_token=${enc(token)}` : ''}`, signal);
    all.push(...page.secrets);
    token = page.next_page_token;
  } while (token);
  return all;
}

export const getSecret = (client: ApiClient, name: string, signal?: AbortSignal) => client.get<Secret>(`${BASE}/${enc(name)}`, signal);
export const createSecret = (client: ApiClient, input: SecretInput) => client.send<Secret>('POST', BASE, input);
export const updateSecret = (client: ApiClient, name: string, input: SecretInput) => client.send<Secret>('PATCH', `${BASE}/${enc(name)}`, input);
export const deleteSecret = (client: ApiClient, name: string) => client.send<unknown>('DELETE', `${BASE}/${enc(name)}`);
