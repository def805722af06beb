import { describe, expect, it } from 'vitest';
import { sentence } from './sentence.js';

describe('sentence', () => {
  it.each([
    ['', ''],
    ['the email or password is not right', 'The email or password is not right.'],
    ['Already a sentence.', 'Already a sentence.'],
    ['is it?', 'Is it?'],
    ["an agent type named 's1-x' already exists", "An agent type named 's1-x' already exists."],
    ['  padded  ', 'Padded.'],
  ])('%j → %j', (message, text) => {
    expect(sentence(message)).toBe(text);
  });
});
