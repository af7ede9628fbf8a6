; electron-builder's NSIS include (electron-builder.yml: nsis.include): the `hapyy` command on the user's PATH.
; The installer adds <install folder>\resources\bin (where hapyy.cmd is, from extraResources) to the user's Path
; (HKCU\Environment, per user like the installer: perMachine is false), once; the uninstaller removes exactly that
; entry and nothing else. The edit is done by Windows PowerShell (present on every Windows 10 and 11) rather than in
; NSIS string code: it keeps the value's type (REG_EXPAND_SZ) and the other entries' %VARIABLES% unexpanded, which a
; plain ReadRegStr/WriteRegStr round trip would not, and NSIS's 1024-character string limit cannot truncate a long
; Path. The folder reaches PowerShell in an environment variable, so no path is ever quoted into a command line.
; Checked by tests/unit/packaging/nsis-path.test.ts (compiled with makensis there); electron-builder cannot run here.

!ifndef HWND_BROADCAST
  !define HWND_BROADCAST 0xFFFF
!endif
!ifndef WM_SETTINGCHANGE
  !define WM_SETTINGCHANGE 0x001A
!endif

!define HAPYY_POWERSHELL `"$SYSDIR\WindowsPowerShell\v1.0\powershell.exe" -NoProfile -NonInteractive -ExecutionPolicy Bypass -Command`

; $$ is a literal $ in NSIS. Entries are compared without a trailing backslash and case-insensitively, as Windows does.
!define HAPYY_PATH_READ `$$d = $$env:HAPYY_BIN; $$k = [Microsoft.Win32.Registry]::CurrentUser.CreateSubKey('Environment'); $$p = [string]$$k.GetValue('Path', '', 'DoNotExpandEnvironmentNames'); $$parts = @($$p -split ';' | Where-Object { $$_ -ne '' })`
!define HAPYY_PATH_ADD `${HAPYY_PATH_READ}; if (-not ($$parts | Where-Object { $$_.TrimEnd('\') -ieq $$d.TrimEnd('\') })) { $$k.SetValue('Path', ((@($$parts) + $$d) -join ';'), 'ExpandString') }`
!define HAPYY_PATH_REMOVE `${HAPYY_PATH_READ}; $$kept = @($$parts | Where-Object { $$_.TrimEnd('\') -ine $$d.TrimEnd('\') }); if ($$kept.Count -ne $$parts.Count) { if ($$kept.Count -eq 0) { $$k.DeleteValue('Path', $$false) } else { $$k.SetValue('Path', ($$kept -join ';'), 'ExpandString') } }`

!macro hapyyEditPath SCRIPT
  System::Call 'Kernel32::SetEnvironmentVariable(t "HAPYY_BIN", t "$INSTDIR\resources\bin")i'
  nsExec::ExecToLog `${HAPYY_POWERSHELL} "${SCRIPT}"`
  Pop $0
  DetailPrint "hapyy command on PATH: PowerShell exited with $0"
  ; Running programs (Explorer, new terminals) re-read the environment.
  SendMessage ${HWND_BROADCAST} ${WM_SETTINGCHANGE} 0 "STR:Environment" /TIMEOUT=5000
!macroend

!macro customInstall
  !insertmacro hapyyEditPath `${HAPYY_PATH_ADD}`
!macroend

!macro customUnInstall
  !insertmacro hapyyEditPath `${HAPYY_PATH_REMOVE}`
!macroend
