import { CircleAlert, CircleCheck, Info, X } from "lucide-react";
import {
  createContext,
  type ReactNode,
  useCallback,
  useContext,
  useEffect,
  useRef,
  useState,
} from "react";
import { cn } from "../../lib/utils";

export type ToastTone = "info" | "success" | "error";

export interface ToastInput {
  title: string;
  description?: string;
  tone?: ToastTone;
}

interface ToastItem extends Required<Omit<ToastInput, "description">> {
  id: number;
  description?: string;
}

const DISMISS_AFTER_MS = 5000;
const ToastContext = createContext<((toast: ToastInput) => void) | null>(null);

const icons = {
  info: <Info className="size-4 text-sky-500" aria-hidden="true" />,
  success: <CircleCheck className="size-4 text-emerald-500" aria-hidden="true" />,
  error: <CircleAlert className="size-4 text-destructive" aria-hidden="true" />,
};

export function ToastProvider({ children }: { children: ReactNode }) {
  const [toasts, setToasts] = useState<ToastItem[]>([]);
  const nextId = useRef(1);
  const region = useRef<HTMLDivElement>(null);

  const dismiss = useCallback((id: number) => {
    setToasts((current) => current.filter((t) => t.id !== id));
  }, []);

  const show = useCallback(
    ({ title, description, tone = "info" }: ToastInput) => {
      const id = nextId.current++;
      setToasts((current) => [...current.slice(-3), { id, title, description, tone }]);
      setTimeout(() => dismiss(id), DISMISS_AFTER_MS);
    },
    [dismiss],
  );

  // The region is a manual popover so it sits in the top layer, above an open modal dialog;
  // showing it again moves it to the top.
  useEffect(() => {
    const el = region.current;
    if (!el || typeof el.showPopover !== "function") return;
    if (el.matches(":popover-open")) el.hidePopover();
    if (toasts.length > 0) el.showPopover();
  }, [toasts]);

  return (
    <ToastContext.Provider value={show}>
      {children}
      <div
        ref={region}
        popover="manual"
        aria-live="polite"
        className="fixed inset-auto right-4 bottom-4 m-0 flex w-80 max-w-[calc(100%-2rem)] flex-col gap-2 overflow-visible border-0 bg-transparent p-0"
      >
        {toasts.map((t) => (
          <div
            key={t.id}
            role={t.tone === "error" ? "alert" : "status"}
            className={cn(
              "flex items-start gap-3 rounded-lg border bg-card p-3 text-sm text-card-foreground shadow-lg",
              t.tone === "error" && "border-destructive/40",
            )}
          >
            <span className="mt-0.5">{icons[t.tone]}</span>
            <div className="min-w-0 flex-1">
              <p className="font-medium">{t.title}</p>
              {t.description ? (
                <p className="mt-0.5 break-words text-muted-foreground">{t.description}</p>
              ) : null}
            </div>
            <button
              type="button"
              onClick={() => dismiss(t.id)}
              className="rounded p-0.5 text-muted-foreground hover:text-foreground focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring"
              aria-label="Dismiss"
            >
              <X className="size-3.5" aria-hidden="true" />
            </button>
          </div>
        ))}
      </div>
    </ToastContext.Provider>
  );
}

/** Shows a short message in the corner: `toast({ title, description, tone })`. */
export function useToast() {
  const show = useContext(ToastContext);
  if (!show) throw new Error("useToast needs a <ToastProvider> around the app.");
  return show;
}
