import { describe, expect, it } from 'vitest';
import { MAX_CONDITION_TOKENS, tokenizeCondition, type Token } from './lexer.js';

function kinds(text: string): string[] {
  const result = tokenizeCondition(text);
  if (!result.ok) throw new Error(result.error.message);
  return result.tokens.map((token: Token) => `${token.kind}:${token.text}@${token.offset}`);
}

describe('tokenizeCondition (renderedtext/when src/when_lexer.xrl, plus double quotes)', () => {
  it.each([
    { name: 'a comparison with a single-quoted string', text: "branch = 'master'", tokens: ['keyword:branch@0', 'compare:=@7', "string:'master'@9"] },
    { name: 'operators without spaces, longest first', text: "tag=~'^v1'", tokens: ['keyword:tag@0', 'compare:=~@3', "string:'^v1'@5"] },
    { name: '!= and !~', text: "branch != 'a' or branch !~ 'b'", tokens: ['keyword:branch@0', 'compare:!=@7', "string:'a'@10", 'logical:or@14', 'keyword:branch@17', 'compare:!~@24', "string:'b'@27"] },
    { name: 'upper-case keywords and operators', text: "BRANCH = 'x' AND PULL_REQUEST =~ '.*'", tokens: ['keyword:BRANCH@0', 'compare:=@7', "string:'x'@9", 'logical:AND@13', 'keyword:PULL_REQUEST@17', 'compare:=~@30', "string:'.*'@33"] },
    { name: 'booleans in both spellings', text: 'true OR FALSE', tokens: ['boolean:true@0', 'logical:OR@5', 'boolean:FALSE@8'] },
    { name: 'a double-quoted string (an Outpost extension)', text: 'branch = "main"', tokens: ['keyword:branch@0', 'compare:=@7', 'string:"main"@9'] },
    { name: 'a quote of the other kind inside a string', text: `'say "hi"'`, tokens: [`string:'say "hi"'@0`] },
    { name: 'the empty string', text: "tag = ''", tokens: ['keyword:tag@0', 'compare:=@4', "string:''@6"] },
    { name: 'parentheses, lists and maps', text: "change_in(['/a'], {exclude: []})", tokens: ['identifier:change_in@0', 'punctuation:(@9', 'punctuation:[@10', "string:'/a'@11", 'punctuation:]@15', 'punctuation:,@16', 'punctuation:{@18', 'map_key:exclude:@19', 'punctuation:[@28', 'punctuation:]@29', 'punctuation:}@30', 'punctuation:)@31'] },
    { name: 'integers and floats, negative too', text: '42 -7 0.5 -1.25', tokens: ['number:42@0', 'number:-7@3', 'number:0.5@6', 'number:-1.25@10'] },
    { name: 'result keywords', text: "result = 'passed' and result_reason = 'test'", tokens: ['keyword:result@0', 'compare:=@7', "string:'passed'@9", 'logical:and@18', 'keyword:result_reason@22', 'compare:=@36', "string:'test'@38"] },
    { name: 'a mixed-case keyword is an identifier, as in Semaphore', text: 'Branch', tokens: ['identifier:Branch@0'] },
    { name: 'a longer word that starts with a keyword is an identifier', text: 'branches', tokens: ['identifier:branches@0'] },
    { name: 'tabs and newlines are spaces', text: "\tbranch\n=\r\n'x'", tokens: ['keyword:branch@1', 'compare:=@8', "string:'x'@11"] },
  ])('reads $name', ({ text, tokens }) => {
    expect(kinds(text)).toEqual(tokens);
  });

  it.each([
    { name: 'an unclosed single quote', text: "branch = 'master", offset: 9, message: "the string that starts here is never closed; end it with '" },
    { name: 'an unclosed double quote', text: 'branch = "master', offset: 9, message: 'the string that starts here is never closed; end it with "' },
    { name: 'a lone !', text: "branch ! 'x'", offset: 7, message: 'unexpected character `!`' },
    { name: 'a character the DSL does not use', text: "branch == 'x' && tag", offset: 14, message: 'unexpected character `&`' },
    { name: 'a backslash-escaped quote (Semaphore strings have no escapes)', text: "branch = 'it\\'s'", offset: 15, message: "the string that starts here is never closed; end it with '" },
  ])('refuses $name at its offset', ({ text, offset, message }) => {
    expect(tokenizeCondition(text)).toEqual({ ok: false, error: { offset, message } });
  });

  it('refuses a condition of more tokens than any real one, before the parser recurses into it', () => {
    const text = `${'('.repeat(MAX_CONDITION_TOKENS)}true${')'.repeat(MAX_CONDITION_TOKENS)}`;
    expect(tokenizeCondition(text)).toEqual({ ok: false, error: { offset: MAX_CONDITION_TOKENS, message: 'the condition has more than 1000 tokens; split it across blocks or simplify it' } });
    expect(tokenizeCondition(Array(500).fill('true').join(' or ')).ok).toBe(true);
  });
});
