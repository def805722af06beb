/**
 * The hub's messages are lower-case clauses ("the name is taken"); on a page they read as sentences. A first word
 * that is a name from the API (release_after, aws.account_id) keeps its case.
 */
export function sentence(message: string): string {
  const text = message.trim();
  if (text === '') return text;
  const firstWord = text.split(/\s/, 1)[0] ?? '';
  const capitalised = /^[a-z]+[,:;]?$/.test(firstWord) ? text.charAt(0).toUpperCase() + text.slice(1) : text;
  return /[.!?]$/.test(capitalised) ? capitalised : `${capitalised}.`;
}
