/**
 * Text on a slide that the manager edits in place: it reads like the slide
 * (numbers keep their traces) until clicked, then becomes a borderless text
 * area. Every keystroke goes to `onChange` (the caller debounces the save);
 * leaving the field calls `onCommit` so nothing waits for the timer.
 */
import { Input } from 'antd';
import { useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

interface Props {
  value: string;
  onChange: (text: string) => void;
  onCommit: () => void;
  /** what to show when not editing (e.g. the text with traced numbers); plain `value` by default */
  display?: ReactNode;
  placeholder: string;
  className: string;
  multiline?: boolean;
  maxLength: number;
  testId: string;
}

export function EditableText({ value, onChange, onCommit, display, placeholder, className, multiline = true, maxLength, testId }: Props) {
  const { t } = useTranslation();
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState(value);
  // Follow the saved deck unless the manager is typing here.
  useEffect(() => {
    if (!editing) setDraft(value);
  }, [value, editing]);

  if (editing) {
    return (
      <Input.TextArea
        autoFocus
        variant="borderless"
        autoSize
        maxLength={maxLength}
        className={`${className} review-editing`}
        value={draft}
        data-testid={`${testId}-input`}
        onFocus={(e) => e.currentTarget.setSelectionRange(e.currentTarget.value.length, e.currentTarget.value.length)}
        onChange={(e) => {
          setDraft(e.target.value);
          onChange(e.target.value);
        }}
        onBlur={() => {
          setEditing(false);
          onCommit();
        }}
        onKeyDown={(e) => {
          // Keys that move slides elsewhere must not leave this box.
          e.stopPropagation();
          if (e.key === 'Escape' || (e.key === 'Enter' && (!multiline || e.ctrlKey || e.metaKey))) {
            e.preventDefault();
            e.currentTarget.blur();
          }
        }}
      />
    );
  }
  const shown = draft !== value ? draft : value;
  return (
    <div
      className={`${className} review-editable${shown ? '' : ' review-placeholder'}`}
      role="button"
      tabIndex={0}
      title={t('review.clickToEdit')}
      data-testid={testId}
      onClick={() => setEditing(true)}
      onKeyDown={(e) => {
        if (e.key === 'Enter' || e.key === 'F2') {
          e.preventDefault();
          setEditing(true);
        }
      }}
    >
      {shown ? (draft !== value ? draft : (display ?? value)) : placeholder}
    </div>
  );
}
