@echo off
rem Kafka's kafka-server-stop.bat: stops the broker started from this installation.
wmic process where (commandline like "%%dist\\broker\\main.js%%" and not name="wmic.exe") delete
rem  Fallback for systems without wmic
IF ERRORLEVEL 1 powershell -NoProfile -Command "Get-CimInstance Win32_Process | Where-Object { $_.CommandLine -like '*dist\broker\main.js*' } | ForEach-Object { Stop-Process -Id $_.ProcessId }"
