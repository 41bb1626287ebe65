/** Windows 2000's other Windows folders, Program Files and the profiles (format: catalog-win2000.ts). */

/** The Windows folder's subfolders beyond system32's drivers and hives: catalogs, WMI, inf, help, fonts... */
export const WIN2000_WINDOWS_FOLDERS = String.raw`
[WINNT\system32\CatRoot\{F750E6C3-38EE-11D1-85E5-00C04FC295EE}]
nt5.cat|3.4m||
nt5inf.cat|512k||
nt5iis.cat|96k||
oem0.cat|9k||o
[WINNT\system32\CatRoot\{127D0A1D-4EF2-11D1-8608-00C04FC295EE}]
TimeStamp|1k||t

[WINNT\system32\wbem]
winmgmt.exe|116k|1.50.1085.0|
wbemcore.dll|488k|1.50.1085.0|
wbemess.dll|191k|1.50.1085.0|
fastprox.dll|452k|1.50.1085.0|
wbemprox.dll|20k|1.50.1085.0|
wbemcomn.dll|199k|1.50.1085.0|
framedyn.dll|177k|1.50.1085.0|
cimwin32.dll|1.1m|1.50.1085.0|
wmiprov.dll|197k|1.50.1085.0|
cimwin32.mof|520k||
wmi.mof|47k||
[WINNT\system32\wbem\Repository]
cim.rep|1.5m||t

[WINNT\system32\spool\drivers\w32x86\2]
unidrv.dll|289k|0.3.2195.1|
unidrvui.dll|226k|0.3.2195.1|
pscript5.dll|437k|0.3.2195.1|
ps5ui.dll|344k|0.3.2195.1|
unires.dll|548k|0.3.2195.1|
pscript.hlp|24k||
unidrv.hlp|20k||

[WINNT\system32\dhcp]
[WINNT\system32\ras]
rasphone.pbk|0||
[WINNT\system32\ShellExt]

[WINNT\Driver Cache\i386]
driver.cab|19.6m||

[WINNT\repair]
autoexec.nt|438||x
config.nt|2k||x
default|96k||
ntuser.dat|176k||
sam|20k||
security|28k||
setup.log|188k||
software|1.5m||
system|836k||

[WINNT\inf]
layout.inf|416k||
layout.PNF|560k||
drvindex.inf|95k||
machine.inf|54k||
machine.PNF|120k||
mf.inf|20k||
monitor.inf|165k||
display.inf|12k||
keyboard.inf|24k||
msmouse.inf|25k||
cdrom.inf|12k||
hdc.inf|25k||
scsi.inf|60k||
usb.inf|57k||
wave.inf|23k||
net.inf|9k||
nettcpip.inf|41k||
netrast.inf|43k||
netrasa.inf|23k||
ntprint.inf|890k||
ntprint.PNF|1.1m||
intl.inf|237k||
font.inf|26k||
ie.inf|48k||
mdmgen.inf|88k||
disk.inf|9k||
volume.inf|3k||
fdc.inf|4k||
flpydisk.inf|4k||
sysoc.inf|4k||
wmi.inf|21k||
oem0.inf|8k||o
oem0.PNF|12k||o

[WINNT\Help]
windows.chm|1.5m||
ntdef.chm|28k||
regedit.hlp|23k||
cmd.hlp|4k||
notepad.hlp|11k||
winhlp32.hlp|24k||
iexplore.chm|155k||
network.chm|218k||
printing.chm|88k||
security.chm|148k||
tcpip.chm|173k||
sysmon.chm|76k||
[WINNT\Fonts]
arial.ttf|269k||
arialbd.ttf|281k||
ariali.ttf|202k||
arialbi.ttf|220k||
times.ttf|321k||
timesbd.ttf|325k||
timesi.ttf|296k||
cour.ttf|296k||
courbd.ttf|307k||
tahoma.ttf|245k||
tahomabd.ttf|237k||
verdana.ttf|167k||
verdanab.ttf|156k||
trebuc.ttf|120k||
symbol.ttf|67k||
wingding.ttf|80k||
marlett.ttf|26k||
micross.ttf|343k||
lucon.ttf|150k||
serife.fon|57k||
sserife.fon|63k||
coure.fon|23k||
vgasys.fon|5k||
vgaoem.fon|5k||
modern.fon|9k||
[WINNT\Media]
chimes.wav|15k||
chord.wav|25k||
ding.wav|11k||
notify.wav|28k||
recycle.wav|11k||
tada.wav|27k||
ringin.wav|10k||
Windows Logoff Sound.wav|112k||
Windows Logon Sound.wav|232k||
[WINNT\Cursors]
arrow_m.cur|326||
busy_m.cur|766||
hourglas.ani|6k||
appstar3.ani|7k||
[WINNT\security\templates]
basicsv.inf|25k||
basicwk.inf|25k||
securedc.inf|11k||
hisecdc.inf|11k||
[WINNT\security\database]
secedit.sdb|512k||t
[WINNT\system]
commdlg.dll|39k|3.10.0.103|
mmsystem.dll|68k|3.10.0.103|
shell.dll|5k|3.10.0.103|
ver.dll|9k|3.10.0.103|
[WINNT\Web\Wallpaper]
Windows 2000.jpg|51k||
[WINNT\java\Packages]
Q7P6N8JL.zip|1.9m||
[WINNT\Registration]
R000000000001.clb|16k||t
[WINNT\Temp]
[WINNT\Tasks]
desktop.ini|360||hs
[WINNT\Installer]
[WINNT\Downloaded Program Files]
[WINNT\Offline Web Pages]
[WINNT\ShellNew]
[WINNT\Debug\UserMode]
`;

/** Program Files, the profiles and the data drive. */
export const WIN2000_PROGRAMS_AND_PROFILES = String.raw`
[Program Files\Internet Explorer]
iexplore.exe|78k|ie|
hmmapi.dll|34k|ie|
[Program Files\Internet Explorer\Connection Wizard]
icwconn1.exe|188k|ie|
icwconn2.exe|82k|ie|
[Program Files\Outlook Express]
msimn.exe|52k|ie|
wab.exe|34k|ie|
wabmig.exe|48k|ie|
[Program Files\Windows Media Player]
mplayer2.exe|261k|6.4.9.1109|
[Program Files\NetMeeting]
conf.exe|199k|3.1.0.3175|
[Program Files\Windows NT]
dialer.exe|136k|os|
hypertrm.exe|23k|5.0.2146.1|
[Program Files\Windows NT\Accessories]
wordpad.exe|199k|os|
mswrd6.wpc|30k||
write.wpc|12k||
[Program Files\Common Files\System]
wab32.dll|488k|ie|
[Program Files\Common Files\System\ado]
msado15.dll|467k|2.51.5303.0|
msadox.dll|172k|2.51.5303.0|
[Program Files\Common Files\System\ole db]
oledb32.dll|513k|2.51.5303.0|
[Program Files\Common Files\Microsoft Shared\MSInfo]
msinfo32.exe|322k|os|
[Program Files\Common Files\Microsoft Shared\VGX]
vgx.dll|694k|ie|

[Documents and Settings\Administrator]
NTUSER.DAT|512k||ht
ntuser.dat.LOG|1k||ht
ntuser.ini|178||hs
[Documents and Settings\Administrator\Application Data\Microsoft\Internet Explorer\Quick Launch]
Launch Internet Explorer Browser.lnk|1k||
Show Desktop.scf|80||
[Documents and Settings\Administrator\Cookies]
index.dat|16k||ht
[Documents and Settings\Administrator\Local Settings\History\History.IE5]
index.dat|16k||ht
[Documents and Settings\Administrator\Local Settings\Temporary Internet Files\Content.IE5]
index.dat|32k||ht
[Documents and Settings\Administrator\Local Settings\Temp]
[Documents and Settings\Administrator\Favorites]
MSN.url|130||
Radio Station Guide.url|130||
[Documents and Settings\Administrator\Favorites\Links]
Free Hotmail.url|80||
Windows Update.url|136||
[Documents and Settings\Administrator\My Documents]
desktop.ini|160||hs
[Documents and Settings\Administrator\My Documents\My Pictures]
Sample.jpg|27k||
[Documents and Settings\Administrator\SendTo]
3½ Floppy (A).lnk|237||
Desktop (create shortcut).DeskLink|0||
Mail Recipient.MAPIMail|0||
My Documents.mydocs|0||
[Documents and Settings\Administrator\Templates]
amipro.sam|5k||
excel.xls|5k||
lotus.wk4|3k||
powerpnt.ppt|14k||
winword.doc|2k||
wordpfct.wpd|2k||
[Documents and Settings\Administrator\Desktop]
[Documents and Settings\Administrator\NetHood]
[Documents and Settings\Administrator\PrintHood]
[Documents and Settings\Administrator\Recent]
[Documents and Settings\All Users\Application Data\Microsoft\Crypto\RSA\MachineKeys]
[Documents and Settings\All Users\Desktop]
[Documents and Settings\All Users\Documents\My Pictures]
[Documents and Settings\All Users\Start Menu]
Windows Update.lnk|2k||
[Documents and Settings\All Users\Start Menu\Programs\Accessories]
Calculator.lnk|1k||
Command Prompt.lnk|1k||
Notepad.lnk|1k||
WordPad.lnk|1k||
Windows Explorer.lnk|1k||
[Documents and Settings\All Users\Start Menu\Programs\Administrative Tools]
Computer Management.lnk|1k||
Event Viewer.lnk|1k||
Services.lnk|1k||
Local Security Policy.lnk|1k||
[Documents and Settings\All Users\Start Menu\Programs\Startup]
[Documents and Settings\Default User]
NTUSER.DAT|256k||h
ntuser.dat.LOG|1k||h
[Documents and Settings\Default User\Templates]
[Documents and Settings\Default User\Local Settings\Temp]

[C:System Volume Information]
tracking.log|20k||ht
[C:RECYCLER]

[D:Data\Shared]
readme.txt|2k||u
[D:Data\Users\Administrator]
notes.txt|3k||u
[D:Backup]
`;
