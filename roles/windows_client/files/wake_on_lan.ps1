#Requires -Modules NetAdapter
# Let the physical wired adapters wake the computer on a magic packet: the power-management flag and,
# where the driver has it, the standardised *WakeOnMagicPacket advanced property. Honours check mode.
[CmdletBinding(SupportsShouldProcess)]
param (
    [bool] $Enable = $true
)
$ErrorActionPreference = 'Stop'
$want = if ($Enable) { 'Enabled' } else { 'Disabled' }
$wantKeyword = if ($Enable) { '1' } else { '0' }
$changed = $false
$adapters = Get-NetAdapter -Physical | Where-Object { $_.MediaType -eq '802.3' }
foreach ($a in $adapters) {
    $pm = Get-NetAdapterPowerManagement -Name $a.Name -ErrorAction SilentlyContinue
    if ($pm -and "$($pm.WakeOnMagicPacket)" -ne $want) {
        if ($PSCmdlet.ShouldProcess($a.Name, "WakeOnMagicPacket $want")) {
            Set-NetAdapterPowerManagement -Name $a.Name -WakeOnMagicPacket $want
        }
        $changed = $true
    }
    $prop = Get-NetAdapterAdvancedProperty -Name $a.Name -RegistryKeyword '*WakeOnMagicPacket' -ErrorAction SilentlyContinue
    if ($prop -and "$($prop.RegistryValue)" -ne $wantKeyword) {
        if ($PSCmdlet.ShouldProcess($a.Name, "*WakeOnMagicPacket $wantKeyword")) {
            Set-NetAdapterAdvancedProperty -Name $a.Name -RegistryKeyword '*WakeOnMagicPacket' -RegistryValue $wantKeyword
        }
        $changed = $true
    }
}
$Ansible.Changed = $changed
$Ansible.Result = @{ adapters = @($adapters | ForEach-Object Name) }
