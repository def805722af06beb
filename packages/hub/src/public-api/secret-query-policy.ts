import { SECRET_LIST_ORDERS, type SecretListOrder } from '@outpost/protocol';
import type { SecretPosition } from '../store/secrets.js';

/** The query of GET /api/v1beta/secrets (pure): Semaphore's page size rule and orders, an opaque keyset token. */
export interface SecretListRequest {
  order: 'name' | 'created';
  size: number;
  after?: SecretPosition;
}

type Result = { ok: true; value: SecretListRequest } | { ok: false; problem: string; field: string };

const ORDERS: Record<SecretListOrder, 'name' | 'created'> = { BY_NAME_ASC: 'name', BY_CREATE_TIME_ASC: 'created' };

export function parseSecretListQuery(query: { page_size?: string; page_token?: string; order?: string }, maxSize: number): Result {
  const orderText = query.order === undefined || query.order === '' ? 'BY_NAME_ASC' : query.order;
  if (!(SECRET_LIST_ORDERS as readonly string[]).includes(orderText)) {
    return { ok: false, problem: `order must be ${SECRET_LIST_ORDERS.join(' or ')}`, field: 'order' };
  }
  const order = ORDERS[orderText as SecretListOrder];
  const sizeText = query.page_size ?? '';
  const size = sizeText === '' ? 0 : /^\d{1,6}$/.test(sizeText) ? Number(sizeText) : Number.NaN;
  if (Number.isNaN(size)) return { ok: false, problem: `page_size must be a whole number from 0 to ${maxSize}`, field: 'page_size' };
  if (size > maxSize) return { ok: false, problem: `page size can't exceed ${maxSize}`, field: 'page_size' };
  if (!query.page_token) return { ok: true, value: { order, size: size === 0 ? maxSize : size } };
  const after = decodeSecretCursor(query.page_token, order);
  if (!after) return { ok: false, problem: 'page_token is not valid for this order; pass the next_page_token of the previous page unchanged', field: 'page_token' };
  return { ok: true, value: { order, size: size === 0 ? maxSize : size, after } };
}

export function encodeSecretCursor(order: 'name' | 'created', last: { name: string; created_at: number; id: string }): string {
  const position = order === 'name' ? ['n', last.name, last.id] : ['c', last.created_at, last.id];
  return Buffer.from(JSON.stringify(position), 'utf8').toString('base64url');
}

function decodeSecretCursor(token: string, order: 'name' | 'created'): SecretPosition | undefined {
  if (!/^[A-Za-z0-9_-]{1,500}$/.test(token)) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch {
    // Not a token this hub wrote: the caller answers 400.
    return undefined;
  }
  if (!Array.isArray(value) || value.length !== 3 || typeof value[2] !== 'string') return undefined;
  const [kind, key, id] = value as [unknown, unknown, string];
  if (order === 'name' && kind === 'n' && typeof key === 'string' && !key.includes('\u0000') && !id.includes('\u0000')) return { order, name: key, id };
  if (order === 'created' && kind === 'c' && typeof key === 'number' && Number.isSafeInteger(key) && !id.includes('\u0000')) return { order, createdAt: key, id };
  return undefined;
}
