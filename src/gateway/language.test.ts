import { describe, expect, it } from 'vitest';
import { pickLanguage } from './language.ts';

describe('pickLanguage', () => {
  it('answers in Vietnamese by default and for unknown languages', () => {
    expect(pickLanguage(undefined)).toBe('vi');
    expect(pickLanguage('fr-FR')).toBe('vi');
  });

  it('answers in English when the client prefers it', () => {
    expect(pickLanguage('en')).toBe('en');
    expect(pickLanguage('en-US,en;q=0.9')).toBe('en');
    expect(pickLanguage('vi;q=0.5, en;q=0.8')).toBe('en');
    expect(pickLanguage('vi, en;q=0.8')).toBe('vi');
  });
});
