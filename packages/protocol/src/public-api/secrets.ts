import { Type, type Static } from '@sinclair/typebox';
import { isUuid } from '../names.js';

/**
 * Organization secrets in Semaphore's `v1beta/secrets` shape (semaphore secrethub public API, `sem` CLI models):
 * metadata {name, id, create_time, update_time (Unix seconds as strings, as the gateway writes int64), content_included},
 * data {env_vars: [{name, value}], files: [{path, content (base64)}]}.
 *
 * Outpost secrets are write-only: every answer has `content_included: false` with each value and file content blank
 * (Semaphore does the same unless its `secrets_exposed_content` feature is on). An update may leave a value or a
 * content blank to keep what is stored under that name or path, so `sem edit secret` works on what `get` answers.
 */

/** The longest secret name (Semaphore stores it in a varchar(255)). */
export const SECRET_NAME_MAX_CHARS = 255;
/** Semaphore's limit on a secret's content: values plus base64 file contents. */
export const SECRET_CONTENT_MAX_BYTES = 6 * 1024 * 1024;
export const SECRET_ENV_VARS_MAX = 1000;
export const SECRET_FILES_MAX = 1000;
export const SECRET_DESCRIPTION_MAX_CHARS = 255;
export const SECRET_ENV_NAME_MAX_CHARS = 255;
export const SECRET_FILE_PATH_MAX_CHARS = 4096;
/** Values shorter than this are not masked in job logs (they would mask common words and reveal themselves anyway). */
export const SECRET_MASK_MIN_CHARS = 6;
/** Semaphore's list page size: 100 by default and at most. */
export const SECRETS_PAGE_SIZE_MAX = 100;
export const SECRET_LIST_ORDERS = ['BY_NAME_ASC', 'BY_CREATE_TIME_ASC'] as const;
export type SecretListOrder = (typeof SECRET_LIST_ORDERS)[number];

const SECRET_NAME = /^[A-Za-z0-9._:@-]+$/;
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Semaphore's secret name rule: letters, digits, dashes, underscores, dots (and `@`, `:`), not shaped like an id. */
export function secretNameProblem(name: string): string | null {
  if (name.length === 0) return 'a secret needs a name';
  if (name.length > SECRET_NAME_MAX_CHARS) return `a secret name has at most ${SECRET_NAME_MAX_CHARS} characters; this one has ${name.length}`;
  if (!SECRET_NAME.test(name)) return `'${printable(name)}' is not a valid secret name: use letters, digits, dashes, underscores and dots`;
  if (isUuid(name)) return `'${name}' looks like a secret id; choose a name that is not in UUID format`;
  return null;
}

/** The POSIX rule Semaphore applies to a secret's environment variable names. */
export function envVarNameProblem(name: string): string | null {
  if (name.length === 0) return 'an environment variable needs a name';
  if (name.length > SECRET_ENV_NAME_MAX_CHARS) return `an environment variable name has at most ${SECRET_ENV_NAME_MAX_CHARS} characters`;
  if (!ENV_NAME.test(name)) return `'${printable(name)}' is not a valid environment variable name: start with a letter or _, then letters, digits or _`;
  return null;
}

export function isSecretId(idOrName: string): boolean {
  return isUuid(idOrName);
}

/** Quotes untrusted text in a message: at most 80 characters, control characters replaced. */
function printable(text: string): string {
  const cut = text.length > 80 ? `${text.slice(0, 80)}…` : text;
  return Array.from(cut, (ch) => (ch.charCodeAt(0) < 0x20 || ch === '\u007f' ? '?' : ch)).join('');
}

const EnvVar = Type.Object({ name: Type.String(), value: Type.String() });
const File = Type.Object({ path: Type.String(), content: Type.String() });

export const SecretMetadata = Type.Object({
  name: Type.String(),
  id: Type.String(),
  /** Unix seconds, as a string (Semaphore's gateway writes int64 that way; `sem` reads it so). */
  create_time: Type.String(),
  update_time: Type.String(),
  /** Always false: values and file contents are never answered. */
  content_included: Type.Boolean(),
  /** Outpost extension: a note for people (Semaphore's UI has one). */
  description: Type.String(),
});

export const Secret = Type.Object({
  metadata: SecretMetadata,
  data: Type.Object({ env_vars: Type.Array(EnvVar), files: Type.Array(File) }),
});
export type Secret = Static<typeof Secret>;

export const SecretList = Type.Object({ secrets: Type.Array(Secret), next_page_token: Type.String() });
export type SecretList = Static<typeof SecretList>;

/**
 * Body of POST /api/v1beta/secrets and PATCH/PUT /api/v1beta/secrets/:id_or_name: a Secret as `sem` sends it
 * (apiVersion and kind may come along). Shapes are checked here; the rules that need a sentence (names, base64,
 * sizes, duplicates) are checked by the hub so each refusal names its field.
 */
export const SecretInput = Type.Object({
  apiVersion: Type.Optional(Type.String({ maxLength: 20 })),
  kind: Type.Optional(Type.String({ maxLength: 40 })),
  metadata: Type.Optional(
    Type.Object({
      name: Type.Optional(Type.String({ maxLength: 1000 })),
      id: Type.Optional(Type.String({ maxLength: 100 })),
      description: Type.Optional(Type.String({ maxLength: 10_000 })),
      create_time: Type.Optional(Type.Union([Type.String({ maxLength: 30 }), Type.Integer()])),
      update_time: Type.Optional(Type.Union([Type.String({ maxLength: 30 }), Type.Integer()])),
      content_included: Type.Optional(Type.Boolean()),
    }),
  ),
  data: Type.Optional(
    Type.Object({
      env_vars: Type.Optional(
        Type.Union([
          Type.Array(Type.Object({ name: Type.String({ maxLength: 1000 }), value: Type.Optional(Type.String()) }), { maxItems: SECRET_ENV_VARS_MAX }),
          Type.Null(),
        ]),
      ),
      files: Type.Optional(
        Type.Union([
          Type.Array(Type.Object({ path: Type.String({ maxLength: 10_000 }), content: Type.Optional(Type.String()) }), { maxItems: SECRET_FILES_MAX }),
          Type.Null(),
        ]),
      ),
    }),
  ),
});
export type SecretInput = Static<typeof SecretInput>;

export const SecretListQuery = Type.Object({
  page_size: Type.Optional(Type.String({ maxLength: 20 })),
  page_token: Type.Optional(Type.String({ maxLength: 500 })),
  order: Type.Optional(Type.String({ maxLength: 40 })),
});
export type SecretListQuery = Static<typeof SecretListQuery>;

/** DELETE answers Semaphore's Empty message. */
export const SecretDeleted = Type.Object({});
