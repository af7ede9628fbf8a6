/** What the services need from the desktop (native dialogs, file manager). The Electron shell provides it. */
export interface Desktop {
  /** Native open dialog: a folder, a file or a .zip. Null when the user cancels. */
  pickProject(): Promise<string | null>;
  /** Native save dialog for an export. Null when the user cancels. */
  pickSavePath(defaultName: string): Promise<string | null>;
  /** Show a file in the OS file manager. */
  reveal(path: string): void;
}
