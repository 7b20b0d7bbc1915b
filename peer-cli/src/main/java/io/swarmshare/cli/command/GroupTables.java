package io.swarmshare.cli.command;

import io.swarmshare.cli.render.Table;
import io.swarmshare.common.api.GroupView;

import java.util.List;
import java.util.Locale;

final class GroupTables {

    private GroupTables() {
    }

    static Table of(List<GroupView> groups) {
        Table table = new Table("GROUP", "OWNER", "MEMBERS", "MY ROLE");
        for (GroupView g : groups) {
            table.row(g.name(), g.owner(), g.members(), g.myRole() == null ? "-" : g.myRole().toLowerCase(Locale.ROOT));
        }
        return table;
    }
}
