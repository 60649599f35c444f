import type { FieldSpec, FieldType } from "./spec-types";

export interface TypeChange {
  type?: FieldType;
  format?: FieldSpec["format"];
  required?: boolean;
}

// How people name a field type in a follow-up: "make budget a currency", "due should be a date".
const WORDS: [RegExp, TypeChange][] = [
  [/^(required|mandatory|compulsory)$/, { required: true }],
  [/^(optional|not required)$/, { required: false }],
  [
    /^(currency|money|price|dollar|euro|amount)( field| value)?$/,
    { type: "number", format: "currency" },
  ],
  [/^(percent|percentage|%)( field| value)?$/, { type: "number", format: "percent" }],
  [/^(integer|whole number|count)( field)?$/, { type: "number", format: "integer" }],
  [/^(number|numeric|decimal|numeric field|number field)$/, { type: "number", format: "decimal" }],
  [/^(date|date field|datetime|date picker|day)$/, { type: "date" }],
  [
    /^(long text|longtext|paragraph|text area|textarea|rich text|multi-?line text|notes field)$/,
    { type: "longtext" },
  ],
  [/^(text|text field|string|short text|free text)$/, { type: "text" }],
  [/^(email|email address|email field)$/, { type: "email" }],
  [/^(url|link|website|url field|link field|hyperlink)$/, { type: "url" }],
  [
    /^(checkbox|check box|boolean|yes\/no|yes or no|toggle|flag|switch|tick box|true\/false)( field)?$/,
    { type: "boolean" },
  ],
  [
    /^(dropdown|drop-?down|select|status|choice|pick ?list|single select|enum)( field| list)?$/,
    { type: "status" },
  ],
];

export function parseTypeWords(text: string): TypeChange | undefined {
  const t = text
    .trim()
    .replace(/[.!]+$/, "")
    .replace(/^(?:an?|the)\s+/, "");
  return WORDS.find(([re]) => re.test(t))?.[1];
}
