// Texts that trip tokenizers: accents (composed and combining), CJK, punctuation runs, emoji
// (astral, ZWJ sequences), whitespace runs and control characters, characters outside small
// vocabularies, numbers, apostrophes, and the empty string.
export const HARD_TEXTS = [
  '',
  'Hello, world!',
  'Once upon a time, there was a little girl named Lily.',
  'Café naïve résumé Ångström façade — “quoted” ‘single’',
  'e\u0301 combining acute, Ｆｕｌｌｗｉｄｔｈ',
  '日本語のテキスト、中文字符和한국어',
  "don't won't I'm we've they're it's",
  '...!!!???;;;::(([[{{<<>>}}]]))',
  '$100.50 + 3,000 = 42% @user #tag ~/path_to/file.txt',
  '😀 👩‍👩‍👧‍👦 🇫🇷 ✨',
  '   leading and trailing spaces   ',
  'tabs\tand\nnew\r\nlines  \n\n  runs',
  'unknown chars: \u0000\u0007 \u200b zero-width \ufeff bom',
  'ÀÉÎÕÜ ß ﬁ ǅ İstanbul',
  'supercalifragilisticexpialidocious pneumonoultramicroscopicsilicovolcanoconiosis',
  'a'.repeat(120),
  '12345678901234567890 3.14159 1e-10',
  'Mixed: Ελληνικά, русский, עברית, العربية, हिन्दी',
];
