#Requires -Modules PrintManagement
# Ensure the room's printers exist: a Standard TCP/IP (RAW) port on the printer's address, the driver
# (added from the driver store when missing) and the location. Honours check mode; sets $Ansible.Changed.
[CmdletBinding(SupportsShouldProcess)]
param (
    [Parameter(Mandatory)] [object[]] $Printers,
    [int] $PortNumber = 9100
)
$ErrorActionPreference = 'Stop'
$changed = $false
foreach ($p in $Printers) {
    $portName = "IP_$($p.host)"
    if (-not (Get-PrinterPort -Name $portName -ErrorAction SilentlyContinue)) {
        if ($PSCmdlet.ShouldProcess($portName, 'Add-PrinterPort')) {
            Add-PrinterPort -Name $portName -PrinterHostAddress $p.host -PortNumber $PortNumber
        }
        $changed = $true
    }
    if (-not (Get-PrinterDriver -Name $p.driver -ErrorAction SilentlyContinue)) {
        if ($PSCmdlet.ShouldProcess($p.driver, 'Add-PrinterDriver')) {
            Add-PrinterDriver -Name $p.driver
        }
        $changed = $true
    }
    $existing = Get-Printer -Name $p.name -ErrorAction SilentlyContinue
    if (-not $existing) {
        if ($PSCmdlet.ShouldProcess($p.name, 'Add-Printer')) {
            Add-Printer -Name $p.name -DriverName $p.driver -PortName $portName -Location $p.location
        }
        $changed = $true
    }
    elseif ($existing.DriverName -ne $p.driver -or $existing.PortName -ne $portName -or $existing.Location -ne $p.location) {
        if ($PSCmdlet.ShouldProcess($p.name, 'Set-Printer')) {
            Set-Printer -Name $p.name -DriverName $p.driver -PortName $portName -Location $p.location
        }
        $changed = $true
    }
}
$Ansible.Changed = $changed
