import { useState } from "react";
import { Button } from "../ui/button";

/** The "What should change?" form an approval card shows after Request changes. */
export function FeedbackForm({
  id,
  placeholder,
  busy,
  onSend,
  onCancel,
}: {
  id: string;
  placeholder: string;
  busy: boolean;
  onSend: (feedback: string | undefined) => void;
  onCancel: () => void;
}) {
  const [feedback, setFeedback] = useState("");
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        onSend(feedback.trim() || undefined);
      }}
      className="space-y-2"
    >
      <label htmlFor={id} className="text-xs font-medium">
        What should change?
      </label>
      <textarea
        id={id}
        value={feedback}
        onChange={(e) => setFeedback(e.target.value)}
        rows={3}
        maxLength={4000}
        // biome-ignore lint/a11y/noAutofocus: the person just asked to write feedback
        autoFocus
        placeholder={placeholder}
        className="block w-full resize-none rounded-lg border border-(--input) bg-(--card) px-3 py-2 text-sm outline-none placeholder:text-(--muted-foreground)/70 focus:border-(--ring) focus:ring-4 focus:ring-(--ring)/15"
      />
      <div className="flex justify-end gap-2">
        <Button variant="ghost" size="sm" onClick={onCancel}>
          Cancel
        </Button>
        <Button type="submit" size="sm" loading={busy} disabled={!feedback.trim()}>
          Send feedback
        </Button>
      </div>
    </form>
  );
}
