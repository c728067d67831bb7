package app

// SetBackupHook sets what Backup runs between its snapshot and its archive.
func SetBackupHook(f func()) { backupAfterSnapshot = f }
