"use client";
// The message box: Enter sends, Shift+Enter starts a new line; what is typed is kept as a
// draft (sessionStorage), so it survives a reload or a sign-in after an expired session.

import { type FormEvent, type KeyboardEvent, type RefObject, useId } from "react";

import { useDraft } from "@/lib/drafts";

const MAX_LENGTH = 2000;

interface ComposerProps {
  inputRef: RefObject<HTMLTextAreaElement | null>;
  onSend: (text: string) => void;
  busy: boolean;
}

export function Composer({ inputRef, onSend, busy }: ComposerProps) {
  const [text, setText] = useDraft("chat", "");
  const id = useId();

  function submit() {
    const message = text.trim();
    if (!message || busy) return;
    onSend(message);
    setText("");
  }

  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (event.key === "Enter" && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      submit();
    }
  }

  return (
    <form
      className="composer"
      onSubmit={(event: FormEvent) => {
        event.preventDefault();
        submit();
      }}
    >
      <label htmlFor={id} className="visually-hidden">
        Message
      </label>
      <textarea
        id={id}
        ref={inputRef}
        rows={2}
        maxLength={MAX_LENGTH}
        value={text}
        placeholder="Add, change or ask about tasks…"
        aria-describedby={`${id}-hint`}
        aria-keyshortcuts="c"
        onChange={(event) => setText(event.target.value)}
        onKeyDown={onKeyDown}
      />
      <span id={`${id}-hint`} className="visually-hidden">
        Enter sends, Shift+Enter starts a new line.
      </span>
      <button type="submit" className="button primary" disabled={!text.trim() || busy}>
        Send
      </button>
    </form>
  );
}
