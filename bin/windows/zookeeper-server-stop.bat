@echo off
rem Kafka's zookeeper-server-stop.bat: stops the coordinator started from this installation.
wmic process where (commandline like "%%dist\\coordinator\\main.js%%" and not name="wmic.exe") delete
rem  Fallback for systems without wmic
IF ERRORLEVEL 1 powershell -NoProfile -Command "Get-CimInstance Win32_Process | Where-Object { $_.CommandLine -like '*dist\coordinator\main.js*' } | ForEach-Object { Stop-Process -Id $_.ProcessId }"
