import { Ellipsis, Pencil, Trash2 } from "lucide-react";
import { type ReactNode, useState } from "react";
import { Button } from "./button";
import { ConfirmDialog } from "./confirm-dialog";
import { Menu, MenuContent, MenuItem, MenuTrigger } from "./dropdown-menu";

interface RenameDeleteMenuProps {
  /** The thing's name, for the menu button's label and the confirmation's title. */
  name: string;
  /** The menu item and the confirm button: "Delete team". */
  deleteLabel: string;
  /** The rename dialog, shown when "Rename" is picked. */
  renameDialog: (dialog: { open: boolean; onOpenChange: (open: boolean) => void }) => ReactNode;
  /** The confirmation before deleting; the caller closes it once the deletion went through. */
  confirmDelete: {
    open: boolean;
    onOpenChange: (open: boolean) => void;
    description: ReactNode;
    pending: boolean;
    onConfirm: () => void;
  };
}

/** Rename and delete behind a ⋯ menu, with the rename dialog and the delete confirmation. */
export function RenameDeleteMenu({
  name,
  deleteLabel,
  renameDialog,
  confirmDelete,
}: RenameDeleteMenuProps) {
  const [renaming, setRenaming] = useState(false);
  return (
    <>
      <Menu>
        <MenuTrigger asChild>
          <Button variant="ghost" size="icon" aria-label={`More actions for ${name}`}>
            <Ellipsis />
          </Button>
        </MenuTrigger>
        <MenuContent align="end" className="min-w-40">
          <MenuItem onSelect={() => setRenaming(true)}>
            <Pencil />
            Rename
          </MenuItem>
          <MenuItem
            onSelect={() => confirmDelete.onOpenChange(true)}
            className="text-(--destructive) data-highlighted:bg-(--destructive)/10 [&_svg]:text-(--destructive)"
          >
            <Trash2 />
            {deleteLabel}
          </MenuItem>
        </MenuContent>
      </Menu>
      {renameDialog({ open: renaming, onOpenChange: setRenaming })}
      <ConfirmDialog {...confirmDelete} title={`Delete ${name}?`} confirmLabel={deleteLabel} />
    </>
  );
}
