@echo off
rem The `hapyy` command of an installed Hapyy Desktop: the app binary run as Node on the CLI bundle.
setlocal
set "HAPYY_RESOURCES_PATH=%~dp0.."
set ELECTRON_RUN_AS_NODE=1
"%~dp0..\..\Hapyy Desktop.exe" "%~dp0..\cli\hapyy.cjs" %*
exit /b %ERRORLEVEL%
