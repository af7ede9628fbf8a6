/** What the services need from the desktop (native dialogs, file manager). The Electron shell provides it. */
export interface Desktop {
  /** Native open dialog: a folder, a file or a .zip. Null when the user cancels. */
  pickProject(): Promise<string | null>;
  /** Native save dialog for an export. Null when the user cancels. */
  pickSavePath(defaultName: string): Promise<string | null>;
  /** Show a file in the OS file manager. */
  reveal(path: string): void;
  /**
   * Native confirmation shown by main (never by the page): true only when the user chose to go ahead. Used for
   * changes that lower protection or run new programs; `changes` names each exactly.
   */
  confirmChanges(request: { title: string; changes: string[]; confirmLabel: string }): Promise<boolean>;
}
