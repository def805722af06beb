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
    ['release_after must be 0 or at least 60 seconds; got 30', 'release_after must be 0 or at least 60 seconds; got 30.'],
    ['aws.account_id is required', 'aws.account_id is required.'],
    ["'s1-x' is taken", "'s1-x' is taken."],
  ])('%j → %j', (message, text) => {
    expect(sentence(message)).toBe(text);
  });
});
