/** The services of Windows 2000, grouped by the process that hosts them. */
import type { PresetFacts } from './presets.js';
import { EVENT_LOGS, GUI, SYS, hosted, own, type ServiceDefinition } from './service-rows.js';

/** The services that run inside services.exe. */
function servicesExeGroup(facts: PresetFacts): ServiceDefinition[] {
  return [
    ...hosted(
      [
        { name: 'Eventlog', display: 'Event Log', start: 'auto', dlls: ['eventlog.dll', ...EVENT_LOGS] },
        { name: 'PlugPlay', display: 'Plug and Play', start: 'auto', dlls: ['umpnpmgr.dll', 'setupapi.dll'] },
        { name: 'ProtectedStorage', display: 'Protected Storage', start: 'auto', dlls: ['crypt32.dll'] },
        { name: 'LanmanServer', display: 'Server', start: 'auto', dlls: ['srvsvc.dll', 'netapi32.dll'] },
        {
          name: 'LanmanWorkstation',
          display: 'Workstation',
          start: 'auto',
          dlls: ['wkssvc.dll', 'netapi32.dll'],
        },
        {
          name: 'Browser',
          display: 'Computer Browser',
          start: 'auto',
          dlls: ['browser.dll'],
          depends: ['LanmanWorkstation', 'LanmanServer'],
        },
        {
          name: 'Dhcp',
          display: 'DHCP Client',
          start: 'auto',
          dlls: ['dhcpcsvc.dll', 'iphlpapi.dll'],
          depends: ['Tcpip', 'Afd'],
        },
        {
          name: 'Dnscache',
          display: 'DNS Client',
          start: 'auto',
          dlls: ['dnsrslvr.dll', 'dnsapi.dll'],
          depends: ['Tcpip'],
        },
        { name: 'LmHosts', display: 'TCP/IP NetBIOS Helper Service', start: 'auto', dlls: ['lmhsvc.dll'] },
        {
          name: 'Messenger',
          display: 'Messenger',
          start: 'auto',
          dlls: ['msgsvc.dll'],
          depends: ['LanmanWorkstation', 'NetBIOS'],
        },
        {
          name: 'TrkWks',
          display: 'Distributed Link Tracking Client',
          start: 'auto',
          dlls: ['trkwks.dll'],
          depends: ['RpcSs'],
        },
        { name: 'W32Time', display: 'Windows Time', start: 'auto', dlls: ['w32time.dll'] },
        {
          name: 'Alerter',
          display: 'Alerter',
          start: facts.server ? 'auto' : 'demand',
          dlls: ['alrsvc.dll'],
          depends: ['LanmanWorkstation'],
        },
      ],
      { imagePath: '%SystemRoot%\\system32\\services.exe', exe: SYS + 'services.exe', type: 0x20 },
    ),
  ];
}

/** The services that run inside lsass.exe and the rpcss svchost. */
function lsassAndRpcGroups(): ServiceDefinition[] {
  return [
    ...hosted(
      [
        {
          name: 'SamSs',
          display: 'Security Accounts Manager',
          start: 'auto',
          dlls: ['samsrv.dll', 'lsasrv.dll', 'msv1_0.dll'],
        },
        {
          name: 'Netlogon',
          display: 'Net Logon',
          start: 'demand',
          dlls: ['netlogon.dll'],
          depends: ['LanmanWorkstation'],
        },
        {
          name: 'PolicyAgent',
          display: 'IPSEC Policy Agent',
          start: 'auto',
          dlls: ['lsasrv.dll', 'kerberos.dll'],
          depends: ['RpcSs', 'Tcpip', 'IPSEC'],
        },
      ],
      { imagePath: '%SystemRoot%\\system32\\lsass.exe', exe: SYS + 'lsass.exe', type: 0x20 },
    ),
    ...hosted(
      [
        {
          name: 'RpcSs',
          display: 'Remote Procedure Call (RPC)',
          start: 'auto',
          dlls: ['rpcss.dll', 'ole32.dll'],
        },
      ],
      {
        imagePath: '%SystemRoot%\\system32\\svchost.exe -k rpcss',
        exe: SYS + 'svchost.exe',
        type: 0x20,
        serviceDll: true,
      },
    ),
  ];
}

/** The services that run inside the netsvcs svchost. */
function netsvcsGroup(): ServiceDefinition[] {
  return [
    ...hosted(
      [
        {
          name: 'Netman',
          display: 'Network Connections',
          start: 'demand',
          dlls: ['netman.dll', 'netshell.dll'],
          depends: ['RpcSs'],
        },
        {
          name: 'SENS',
          display: 'System Event Notification',
          start: 'auto',
          dlls: ['sens.dll'],
          depends: ['EventSystem'],
        },
        {
          name: 'EventSystem',
          display: 'COM+ Event System',
          start: 'demand',
          dlls: ['es.dll', 'clbcatq.dll'],
          depends: ['RpcSs'],
        },
        {
          name: 'RasMan',
          display: 'Remote Access Connection Manager',
          start: 'demand',
          dlls: ['rasman.dll', 'rasapi32.dll'],
          depends: ['Tapisrv'],
        },
        {
          name: 'TapiSrv',
          display: 'Telephony',
          start: 'demand',
          dlls: ['tapisrv.dll', 'tapi32.dll'],
          depends: ['PlugPlay', 'RpcSs'],
        },
      ],
      {
        imagePath: '%SystemRoot%\\System32\\svchost.exe -k netsvcs',
        exe: SYS + 'svchost.exe',
        type: 0x20,
        serviceDll: true,
      },
    ),
  ];
}

/** The services with a process of their own. */
function ownProcessServices(): ServiceDefinition[] {
  return [
    own(
      {
        name: 'Spooler',
        display: 'Print Spooler',
        start: 'auto',
        dlls: [...GUI, 'spoolss.dll', 'localspl.dll', 'win32spl.dll', 'winspool.drv'],
        depends: ['RpcSs'],
      },
      'spoolsv.exe',
      true,
    ),
    own(
      {
        name: 'Schedule',
        display: 'Task Scheduler',
        start: 'auto',
        dlls: [...GUI, 'mstask.dll'],
        depends: ['RpcSs'],
      },
      'mstask.exe',
      true,
    ),
    own(
      {
        name: 'MSIServer',
        display: 'Windows Installer',
        start: 'demand',
        dlls: ['msi.dll', 'ole32.dll'],
        depends: ['RpcSs'],
      },
      'msiexec.exe',
    ),
    own(
      {
        name: 'WinMgmt',
        display: 'Windows Management Instrumentation',
        start: 'auto',
        dlls: ['wbem\\wbemcore.dll', 'wbem\\wbemcomn.dll', 'wbem\\fastprox.dll', 'wbem\\Repository\\cim.rep'],
      },
      'wbem\\winmgmt.exe',
      true,
    ),
  ];
}

/** The server-only services with a process of their own. */
function serverOwnServices(): ServiceDefinition[] {
  return [
    own(
      {
        name: 'TermService',
        display: 'Terminal Services',
        start: 'auto',
        dlls: ['winsta.dll', 'regapi.dll', 'icaapi.dll'],
      },
      'termsrv.exe',
    ),
    own(
      { name: 'LicenseService', display: 'License Logging Service', start: 'auto', dlls: ['netapi32.dll'] },
      'llssrv.exe',
    ),
    own(
      {
        name: 'Dfs',
        display: 'Distributed File System',
        start: 'auto',
        dlls: ['netapi32.dll'],
        depends: ['LanmanWorkstation', 'LanmanServer'],
      },
      'dfssvc.exe',
    ),
    own(
      {
        name: 'NtFrs',
        display: 'File Replication Service',
        start: 'demand',
        depends: ['EventLog', 'RPCSS'],
      },
      'ntfrs.exe',
    ),
    own(
      { name: 'RemoteRegistry', display: 'Remote Registry Service', start: 'auto', depends: ['RpcSs'] },
      'regsvc.exe',
    ),
    own(
      { name: 'TlntSvr', display: 'Telnet', start: 'demand', depends: ['RpcSs', 'NTLMSSP', 'TCPIP'] },
      'tlntsvr.exe',
    ),
  ];
}

/** The server-only services with a process of their own: transactions, locator, logs, DDE and fax. */
function serverOwnServicesMore(): ServiceDefinition[] {
  return [
    own(
      {
        name: 'MSDTC',
        display: 'Distributed Transaction Coordinator',
        start: 'auto',
        dlls: ['msdtcprx.dll', 'msdtctm.dll'],
        depends: ['RpcSs', 'SamSs'],
      },
      'msdtc.exe',
    ),
    own(
      {
        name: 'RpcLocator',
        display: 'Remote Procedure Call (RPC) Locator',
        start: 'demand',
        depends: ['LanmanWorkstation'],
      },
      'locator.exe',
    ),
    own({ name: 'SysmonLog', display: 'Performance Logs and Alerts', start: 'demand' }, 'smlogsvc.exe'),
    own(
      { name: 'NetDDE', display: 'Network DDE', start: 'demand', dlls: GUI, depends: ['NetDDEDSDM'] },
      'netdde.exe',
      true,
    ),
    own(
      { name: 'ClipSrv', display: 'ClipBook', start: 'demand', dlls: GUI, depends: ['NetDDE'] },
      'clipsrv.exe',
      true,
    ),
    own(
      {
        name: 'Fax',
        display: 'Fax Service',
        start: 'demand',
        dlls: ['tapi32.dll'],
        depends: ['TapiSrv', 'RpcSs', 'PlugPlay', 'Spooler'],
      },
      'faxsvc.exe',
    ),
  ];
}

/** The server-only IIS services, hosted by inetinfo.exe. */
function iisServices(): ServiceDefinition[] {
  const inetinfo = SYS + 'inetsrv\\inetinfo.exe';
  const iis = { imagePath: '%SystemRoot%\\system32\\inetsrv\\inetinfo.exe', exe: inetinfo, type: 0x20 };
  return [
    ...hosted(
      [
        {
          name: 'IISADMIN',
          display: 'IIS Admin Service',
          start: 'auto',
          dlls: [
            'inetsrv\\iisadmin.dll',
            'inetsrv\\metadata.dll',
            'inetsrv\\admwprox.dll',
            'inetsrv\\coadmin.dll',
            'inetsrv\\MetaBase.bin',
          ],
          depends: ['RPCSS', 'ProtectedStorage'],
        },
      ],
      iis,
    ),
    ...hosted(
      [
        {
          name: 'W3SVC',
          display: 'World Wide Web Publishing Service',
          start: 'auto',
          dlls: ['inetsrv\\w3svc.dll', 'inetsrv\\infocomm.dll', 'inetsrv\\isatq.dll', 'inetsrv\\wam.dll'],
          depends: ['IISADMIN'],
        },
        {
          name: 'SMTPSVC',
          display: 'Simple Mail Transport Protocol (SMTP)',
          start: 'auto',
          dlls: ['inetsrv\\smtpsvc.dll', 'inetsrv\\infocomm.dll', 'inetsrv\\isatq.dll'],
          depends: ['IISADMIN'],
        },
      ],
      iis,
    ),
  ];
}

/** The services of a Windows 2000 preset, in registry order. */
export function win2000Services(facts: PresetFacts): ServiceDefinition[] {
  const list = [
    ...servicesExeGroup(facts),
    ...lsassAndRpcGroups(),
    ...netsvcsGroup(),
    ...ownProcessServices(),
  ];
  if (facts.server) list.push(...serverOwnServices(), ...serverOwnServicesMore(), ...iisServices());
  return list;
}
