; Inno Setup 6 script for reerisk: a per-user installer (no admin rights needed).
;
; Compiled by packaging/build.py on Windows after PyInstaller has built dist\reerisk\:
;   iscc /DAppVersion=0.1.0 /DSourceDir=...\dist\reerisk /DOutputDir=...\dist
;        /DOutputBaseName=reerisk-0.1.0-windows-x86_64-setup packaging\windows\reerisk.iss
; The defaults below let the script also compile from the repository root with just /DAppVersion=...
;
; Per-user: PrivilegesRequired=lowest makes {autopf} resolve to %LOCALAPPDATA%\Programs, {autoprograms} to the
; user's Start menu, and registry writes go to HKCU only. The uninstaller is registered for the current user
; (Settings > Apps) and leaves the user's data (%LOCALAPPDATA%\reerisk: part library, mappings, logs) alone.

#ifndef AppName
  #define AppName "reerisk"
#endif
#ifndef AppDisplayName
  #define AppDisplayName "reerisk"
#endif
#ifndef AppVersion
  #error Pass the version: iscc /DAppVersion=x.y.z (packaging/build.py does this)
#endif
#ifndef SourceDir
  #define SourceDir "..\..\dist\reerisk"
#endif
#ifndef OutputDir
  #define OutputDir "..\..\dist"
#endif
#ifndef OutputBaseName
  #define OutputBaseName AppName + "-" + AppVersion + "-windows-x86_64-setup"
#endif
#define AppExe AppName + ".exe"
#define ProgId AppName + ".assessment"
#define IconFile SourcePath + "..\..\resources\icons\reerisk.ico"

[Setup]
; AppId identifies the app for upgrades and the uninstaller: never change it.
AppId={{5BBE7CBC-DEFE-4FDB-A864-7D9C49D7659B}
AppName={#AppDisplayName}
AppVersion={#AppVersion}
AppVerName={#AppDisplayName} {#AppVersion}
AppPublisher={#AppDisplayName}
VersionInfoVersion={#AppVersion}
PrivilegesRequired=lowest
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppDisplayName}
DisableProgramGroupPage=yes
DisableDirPage=auto
UsePreviousAppDir=yes
Uninstallable=yes
UninstallDisplayName={#AppDisplayName} {#AppVersion}
UninstallDisplayIcon={app}\{#AppExe}
ChangesAssociations=yes
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
OutputDir={#OutputDir}
OutputBaseFilename={#OutputBaseName}
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
ShowLanguageDialog=auto
CloseApplications=yes
#if FileExists(IconFile)
SetupIconFile={#IconFile}
#endif

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"
Name: "japanese"; MessagesFile: "compiler:Languages\Japanese.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[InstallDelete]
; A new version must not run with libraries left over from the previous one.
Type: filesandordirs; Name: "{app}\_internal"

[Files]
Source: "{#SourceDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\{#AppDisplayName}"; Filename: "{app}\{#AppExe}"
Name: "{autodesktop}\{#AppDisplayName}"; Filename: "{app}\{#AppExe}"; Tasks: desktopicon

[Registry]
; File association for saved assessments (.reerisk), current user only (HKCU\Software\Classes).
Root: HKCU; Subkey: "Software\Classes\.reerisk"; ValueType: string; ValueName: ""; ValueData: "{#ProgId}"; Flags: uninsdeletevalue
Root: HKCU; Subkey: "Software\Classes\.reerisk\OpenWithProgids"; ValueType: string; ValueName: "{#ProgId}"; ValueData: ""; Flags: uninsdeletevalue
Root: HKCU; Subkey: "Software\Classes\{#ProgId}"; ValueType: string; ValueName: ""; ValueData: "{#AppDisplayName} assessment"; Flags: uninsdeletekey
Root: HKCU; Subkey: "Software\Classes\{#ProgId}\DefaultIcon"; ValueType: string; ValueName: ""; ValueData: "{app}\{#AppExe},0"
Root: HKCU; Subkey: "Software\Classes\{#ProgId}\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\{#AppExe}"" gui ""%1"""
; "Open with" for workbooks (.xlsx) without taking over Excel's default.
Root: HKCU; Subkey: "Software\Classes\Applications\{#AppExe}"; ValueType: string; ValueName: "FriendlyAppName"; ValueData: "{#AppDisplayName}"; Flags: uninsdeletekey
Root: HKCU; Subkey: "Software\Classes\Applications\{#AppExe}\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\{#AppExe}"" gui ""%1"""
Root: HKCU; Subkey: "Software\Classes\Applications\{#AppExe}\SupportedTypes"; ValueType: string; ValueName: ".reerisk"; ValueData: ""
Root: HKCU; Subkey: "Software\Classes\Applications\{#AppExe}\SupportedTypes"; ValueType: string; ValueName: ".xlsx"; ValueData: ""
Root: HKCU; Subkey: "Software\Classes\.xlsx\OpenWithProgids"; ValueType: string; ValueName: "{#ProgId}.xlsx"; ValueData: ""; Flags: uninsdeletevalue
Root: HKCU; Subkey: "Software\Classes\{#ProgId}.xlsx"; ValueType: string; ValueName: ""; ValueData: "{#AppDisplayName}"; Flags: uninsdeletekey
Root: HKCU; Subkey: "Software\Classes\{#ProgId}.xlsx\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\{#AppExe}"" gui ""%1"""

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppDisplayName}}"; Flags: nowait postinstall skipifsilent

[UninstallDelete]
; Only what the app itself leaves in its install folder; the user's data folder is kept.
Type: filesandordirs; Name: "{app}\_internal"
