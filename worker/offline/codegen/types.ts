export interface GeneratedFile {
  /** Relative to the workspace root: "src/pages/TasksPage.tsx". */
  path: string;
  content: string;
}
