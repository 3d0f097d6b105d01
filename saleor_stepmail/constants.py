PLUGIN_ID = "stepmail"
PLUGIN_NAME = "Step mail"
