import { describe, expect, it } from 'vitest';
import { smtpConnection } from './smtp-url-policy.js';

describe('smtpConnection', () => {
  it.each([
    { url: 'smtp://mail.example.com', expected: { host: 'mail.example.com', port: 587, secure: false } },
    { url: 'smtp://127.0.0.1:2525', expected: { host: '127.0.0.1', port: 2525, secure: false } },
    { url: 'smtps://mail.example.com', expected: { host: 'mail.example.com', port: 465, secure: true } },
    { url: 'smtp://me%40x.com:p%3Ass@mail.example.com:25', expected: { host: 'mail.example.com', port: 25, secure: false, auth: { user: 'me@x.com', pass: 'p:ss' } } },
  ])('$url', ({ url, expected }) => {
    expect(smtpConnection(url)).toEqual(expected);
  });

  it.each([
    ['mail.example.com', 'must be a URL like smtp://'],
    ['http://mail.example.com', 'must start with smtp:// or smtps://; got http://'],
  ])('refuses %s', (url, message) => {
    expect(() => smtpConnection(url)).toThrow(message);
  });
});
