// SPDX-License-Identifier: MIT
// PLACEHOLDER: replaced by the real tests of this unit before it is committed.
#include "guitestutil.h"

class Test_usagepage : public QObject {
    Q_OBJECT
};

QTEST_MAIN(Test_usagepage)
#include "tst_usagepage.moc"
