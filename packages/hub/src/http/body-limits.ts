/**
 * Request body limits (bytes). Every route gets the default unless it declares its own: bodies that are mostly
 * a token and a few fields (sign-in, agent register/sync) get the small one, so an attacker's megabyte is refused
 * from its Content-Length before it is read; routes that take files or logs declare larger ones next to their code.
 */
export const DEFAULT_BODY_LIMIT_BYTES = 64 * 1024;
/** Sign-in, sync, refresh, disconnect. */
export const SMALL_BODY_LIMIT_BYTES = 8 * 1024;
/** Register: its name may be a pre-signed STS URL of up to 8192 characters (protocol RegisterRequest). */
export const REGISTER_BODY_LIMIT_BYTES = 16 * 1024;
