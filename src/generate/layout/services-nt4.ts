/** The services of Windows NT 4.0, grouped by the process that hosts them. */
import { EVENT_LOGS, GUI, SYS, hosted, own, type ServiceDefinition } from './service-rows.js';

/** The services that run inside services.exe and lsass.exe. */
function hostedServices(): ServiceDefinition[] {
  return [
    ...hosted(
      [
        { name: 'EventLog', display: 'EventLog', start: 'auto', dlls: EVENT_LOGS },
        { name: 'PlugPlay', display: 'Plug and Play', start: 'auto' },
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
          name: 'Messenger',
          display: 'Messenger',
          start: 'auto',
          dlls: ['msgsvc.dll'],
          depends: ['LanmanWorkstation', 'NetBIOS'],
        },
        {
          name: 'Alerter',
          display: 'Alerter',
          start: 'auto',
          dlls: ['alrsvc.dll'],
          depends: ['LanmanWorkstation'],
        },
        { name: 'LmHosts', display: 'TCP/IP NetBIOS Helper', start: 'auto', dlls: ['lmhsvc.dll'] },
        {
          name: 'Dhcp',
          display: 'DHCP Client',
          start: 'demand',
          dlls: ['dhcpcsvc.dll'],
          depends: ['Tcpip', 'Afd'],
        },
      ],
      { imagePath: '%SystemRoot%\\system32\\services.exe', exe: SYS + 'services.exe', type: 0x20 },
    ),
    ...hosted(
      [
        {
          name: 'Netlogon',
          display: 'Net Logon',
          start: 'auto',
          dlls: ['netlogon.dll', 'samsrv.dll', 'lsasrv.dll'],
          depends: ['LanmanWorkstation'],
        },
      ],
      {
        imagePath: '%SystemRoot%\\System32\\lsass.exe',
        exe: SYS + 'lsass.exe',
        type: 0x20,
      },
    ),
  ];
}

/** The services with a process of their own. */
function ownProcessServices(): ServiceDefinition[] {
  return [
    own(
      { name: 'RpcSs', display: 'Remote Procedure Call (RPC) Service', start: 'auto', dlls: ['ole32.dll'] },
      'rpcss.exe',
    ),
    own(
      {
        name: 'Spooler',
        display: 'Spooler',
        start: 'auto',
        dlls: [...GUI, 'spoolss.dll', 'localspl.dll', 'win32spl.dll', 'winspool.drv'],
      },
      'spoolss.exe',
      true,
    ),
    own(
      { name: 'ProtectedStorage', display: 'Protected Storage', start: 'auto', dlls: ['pstorsvc.dll'] },
      'pstores.exe',
      true,
    ),
    own({ name: 'Schedule', display: 'Schedule', start: 'demand' }, 'atsvc.exe'),
    own(
      { name: 'LicenseService', display: 'License Logging Service', start: 'auto', dlls: ['netapi32.dll'] },
      'llssrv.exe',
    ),
    own(
      {
        name: 'Replicator',
        display: 'Directory Replicator',
        start: 'demand',
        dlls: ['netapi32.dll'],
        depends: ['LanmanWorkstation', 'LanmanServer'],
      },
      'lmrepl.exe',
    ),
  ];
}

/** The services with a process of their own: DDE, power, RPC, telephony, transactions and the cluster. */
function ownProcessNetworkServices(): ServiceDefinition[] {
  return [
    own(
      { name: 'NetDDE', display: 'Network DDE', start: 'demand', dlls: GUI, depends: ['NetDDEDSDM'] },
      'netdde.exe',
      true,
    ),
    own(
      { name: 'ClipSrv', display: 'ClipBook Server', start: 'demand', dlls: GUI, depends: ['NetDDE'] },
      'clipsrv.exe',
      true,
    ),
    own({ name: 'UPS', display: 'UPS', start: 'demand' }, 'ups.exe'),
    own(
      {
        name: 'RpcLocator',
        display: 'Remote Procedure Call (RPC) Locator',
        start: 'demand',
        depends: ['LanmanWorkstation'],
      },
      'locator.exe',
    ),
    own(
      { name: 'TapiSrv', display: 'Telephony Service', start: 'demand', dlls: ['tapi32.dll'] },
      'tapisrv.exe',
    ),
    own(
      {
        name: 'RasMan',
        display: 'Remote Access Connection Manager',
        start: 'demand',
        dlls: ['rasman.dll', 'rasapi32.dll'],
        depends: ['TapiSrv'],
      },
      'rasman.exe',
    ),
    own(
      { name: 'MSDTC', display: 'MSDTC', start: 'auto', dlls: ['dtcxatm.dll'], depends: ['RpcSs'] },
      'msdtc.exe',
    ),
    own(
      {
        name: 'ClusSvc',
        display: 'Cluster Server',
        start: 'auto',
        dlls: [
          'C:\\WINNT\\cluster\\clusres.dll',
          'C:\\WINNT\\cluster\\clusapi.dll',
          'C:\\WINNT\\cluster\\clusdb',
          'netapi32.dll',
        ],
        depends: ['ClusNet', 'RpcSs', 'LanmanServer', 'LanmanWorkstation'],
      },
      'C:\\WINNT\\cluster\\clussvc.exe',
    ),
  ];
}

/** The services of an NT 4.0 preset, in registry order. */
export function nt4Services(): ServiceDefinition[] {
  return [...hostedServices(), ...ownProcessServices(), ...ownProcessNetworkServices()];
}
