import { type FormEvent, useState } from "react";
import { type Doc, useCollection } from "../../src/sdk/second-sdk";

/** A small demo app on the SDK: a live list of notes with add, done and delete. */
interface Note {
  text: string;
  done: boolean;
}

export function Notes() {
  const notes = useCollection<Note>("notes", { sort: { field: "_createdAt", direction: "desc" } });
  const [text, setText] = useState("");
  const done = notes.data.filter((n) => n.done).length;

  const add = (e: FormEvent) => {
    e.preventDefault();
    const value = text.trim();
    if (!value) return;
    setText("");
    notes.insert({ text: value, done: false }).catch(() => setText(value));
  };

  return (
    <main className="page">
      <header className="header">
        <div>
          <h1>Notes</h1>
          <p className="muted" aria-live="polite">
            {notes.loading
              ? "Loading…"
              : `${notes.data.length} ${notes.data.length === 1 ? "note" : "notes"} · ${done} done`}
          </p>
        </div>
      </header>

      <form className="add" onSubmit={add}>
        <label htmlFor="new-note" className="sr-only">
          New note
        </label>
        <input
          id="new-note"
          value={text}
          onChange={(e) => setText(e.target.value)}
          placeholder="Write a note…"
          maxLength={500}
          autoComplete="off"
        />
        <button type="submit" disabled={!text.trim()}>
          Add
        </button>
      </form>

      {notes.error ? (
        <p role="alert" className="error">
          {notes.error.message}
        </p>
      ) : null}

      {notes.loading ? null : notes.data.length === 0 ? (
        <div className="empty">
          <p className="empty-title">No notes yet</p>
          <p className="muted">Add one above; it shows up in every open tab at once.</p>
        </div>
      ) : (
        <ul className="list" aria-label="Notes">
          {notes.data.map((note) => (
            <NoteRow
              key={note._id}
              note={note}
              onToggle={() => notes.update(note._id, { done: !note.done }).catch(() => {})}
              onDelete={() => notes.remove(note._id).catch(() => {})}
            />
          ))}
        </ul>
      )}
    </main>
  );
}

function NoteRow({
  note,
  onToggle,
  onDelete,
}: {
  note: Doc<Note>;
  onToggle: () => void;
  onDelete: () => void;
}) {
  const id = `note-${note._id}`;
  return (
    <li className={note.done ? "note done" : "note"} aria-busy={note._version === 0 || undefined}>
      <input id={id} type="checkbox" checked={note.done} onChange={onToggle} />
      <label htmlFor={id}>{note.text}</label>
      <button
        type="button"
        className="delete"
        onClick={onDelete}
        aria-label={`Delete “${note.text}”`}
        title="Delete"
      >
        <svg viewBox="0 0 24 24" aria-hidden="true">
          <path d="M3 6h18M8 6V4h8v2M19 6l-1 14H6L5 6M10 11v6M14 11v6" />
        </svg>
      </button>
    </li>
  );
}
